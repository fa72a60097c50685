/**
 * The periodic directory sync of this process (lib/server/main.ts starts it): every
 * GATEHOUSE_LDAP_SYNC_INTERVAL (default 15 minutes), claimed once per interval across instances
 * (lib/scheduling), and one run at a time whatever started it (sync-lease.ts). The interval is
 * read at every check, so a change saved on the admin page applies without a restart. Nothing
 * runs while no directory is configured.
 */
import { getEnv } from '../../config';
import type { Db } from '../../db';
import { scheduleJob } from '../../scheduling/schedule-job';
import { runDirectorySync } from './run-directory-sync';

export const DIRECTORY_SYNC_JOB = 'directory-sync';
const DEFAULT_INTERVAL_MS = 15 * 60_000;

/** The interval in effect: the configured one, or the default while no directory is set. */
export const syncIntervalMs = (): number => getEnv().directory?.syncIntervalMs ?? DEFAULT_INTERVAL_MS;

/** Starts the periodic sync; returns its stop function. */
export function startDirectorySync(getDb: () => Db): () => void {
  return scheduleJob(getDb, {
    name: DIRECTORY_SYNC_JOB,
    get intervalMs() {
      return syncIntervalMs();
    },
    firstDelayMs: 30_000,
    tickMs: 60_000,
    async run(db) {
      if (!getEnv().directory) return;
      const outcome = await runDirectorySync(db, { trigger: 'schedule', env: getEnv() });
      if (outcome.status === 'done' && outcome.report.errors.length) {
        console.error(`[gatehouse] directory sync: ${outcome.report.outcome}: ${outcome.report.errors.slice(0, 3).join(' ')}`);
      }
    },
  });
}
