/**
 * Scheduled work runs on one instance at a time, and once per interval across all of them: before
 * a run, an instance claims it by moving the job's "next run" time (a Setting row) forward with
 * one conditional update. Only the instance whose update matched runs; the others see the new
 * time and wait. This holds on both dialects without a lock held during the run (SQLite has one
 * connection per process; a PostgreSQL advisory lock would pin one of the pool's), and a crashed
 * run only delays the next by one interval.
 */
import type { Db } from '../db';

export const jobKey = (name: string): string => `job.${name}.next`;

/** ISO-8601 in UTC with milliseconds: fixed length, so string order is time order. */
const iso = (date: Date): string => date.toISOString();

/**
 * True when this call claimed the run due at `now`; the next run is then due at `now + intervalMs`.
 * `force` claims even before the due time (an admin's "run now"), still only once at a time.
 */
export async function claimRun(db: Db, name: string, intervalMs: number, now = new Date(), force = false): Promise<boolean> {
  const key = jobKey(name);
  const next = iso(new Date(now.getTime() + intervalMs));
  const claimed = await db.setting.updateMany({
    where: force ? { key, value: { not: next } } : { key, value: { lte: iso(now) } },
    data: { value: next },
  });
  if (claimed.count === 1) return true;
  if (await db.setting.findUnique({ where: { key }, select: { key: true } })) return false;
  // First run ever: the instance whose insert wins claims it (the primary key refuses the others).
  try {
    await db.setting.create({ data: { key, value: next } });
    return true;
  } catch {
    return false;
  }
}

/** When the job is next due (null before its first run). */
export async function nextRunAt(db: Db, name: string): Promise<Date | null> {
  const row = await db.setting.findUnique({ where: { key: jobKey(name) }, select: { value: true } });
  return row ? new Date(row.value) : null;
}
