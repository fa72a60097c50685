/**
 * A periodic job of this process: ticks every `tickMs` (default a minute, or the interval when
 * shorter), and runs only when it claims the run (claim-run.ts), so several instances on one
 * PostgreSQL run it once per interval between them. Failures are logged and retried at the next
 * claim; a run never overlaps itself in this process; the timers never keep the process alive.
 */
import type { Db } from '../db';
import { claimRun } from './claim-run';

export type ScheduledJob = {
  /** Names the Setting row (`job.<name>.next`); letters, digits, dots and dashes. */
  name: string;
  intervalMs: number;
  /** Delay before the first attempt after start (default 5 s). */
  firstDelayMs?: number;
  /** How often this process checks whether a run is due (default min(60 s, interval)). */
  tickMs?: number;
  run(db: Db): Promise<void>;
};

export function scheduleJob(
  getDb: () => Db,
  job: ScheduledJob,
  onError: (error: unknown) => void = (error) => console.error(`[gatehouse] ${job.name} failed:`, error),
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const db = getDb();
      if (await claimRun(db, job.name, job.intervalMs)) await job.run(db);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), job.firstDelayMs ?? 5_000);
  first.unref();
  const timer = setInterval(() => void tick(), job.tickMs ?? Math.min(60_000, job.intervalMs));
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
