/**
 * An admin's "Sync now": claims the periodic run with force (so the next scheduled run is a
 * whole interval away, lib/scheduling), then runs the sync at once, one at a time with any other
 * run (sync-lease.ts). Says what happened in a sentence for the page; the details are the stored
 * result the page shows.
 */
import type { AuditParty } from '../../audit/log-event';
import { getEnv } from '../../config';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { claimRun } from '../../scheduling/claim-run';
import { runDirectorySync } from './run-directory-sync';
import { DIRECTORY_SYNC_JOB, syncIntervalMs } from './sync-job';

const BUSY = 'A sync is running already (here or on another instance): its result appears below when it ends.';

export async function syncDirectoryNow(
  db: Db,
  input: { actor: AuditParty; meta: RequestMeta; fetch?: typeof fetch },
): Promise<{ ok: boolean; message: string }> {
  const env = getEnv();
  if (!env.directory) return { ok: false, message: 'No directory is configured: save its settings first.' };
  if (!(await claimRun(db, DIRECTORY_SYNC_JOB, syncIntervalMs(), new Date(), true))) return { ok: false, message: BUSY };
  const outcome = await runDirectorySync(db, { trigger: 'manual', env, by: input.actor, meta: input.meta, fetch: input.fetch });
  if (outcome.status === 'busy') return { ok: false, message: BUSY };
  if (outcome.status === 'off') return { ok: false, message: 'No directory is configured: save its settings first.' };
  const { outcome: result, counts } = outcome.report;
  if (result === 'unreachable') return { ok: false, message: 'The directory did not answer: nobody was changed. See the errors below.' };
  if (result === 'refused') return { ok: false, message: 'The sync stopped before changing anything: see why below.' };
  const summary = `Checked ${counts.checked} account${counts.checked === 1 ? '' : 's'}: ${counts.disabled} disabled, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  return { ok: result === 'ok', message: `${summary}${counts.skipped ? `, ${counts.skipped} skipped (see below)` : ''}.` };
}
