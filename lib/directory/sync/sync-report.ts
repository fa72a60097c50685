/**
 * The last directory sync's result, kept in one Setting row (`directory.sync.last`) as JSON and
 * shown on the admin's directory page: when it ran, how long it took, the counts, what changed
 * for whom and what went wrong. Read back through a schema: a row that does not parse is shown
 * as "no result", never trusted half-way. Names and reasons only: nothing secret is kept.
 */
import { z } from 'zod';
import type { DbOrTx } from '../../db';

export const LAST_SYNC_KEY = 'directory.sync.last';

/** At most this many per-user lines are kept (the counts stay exact). */
export const MAX_REPORTED_CHANGES = 200;

/** Why the sync disabled an account. */
export const DISABLE_REASONS = ['gone', 'disabled', 'not-allowed'] as const;
export type DisableReason = (typeof DISABLE_REASONS)[number];

export const DISABLE_REASON_TEXT: Record<DisableReason, string> = {
  gone: 'its directory entry is gone',
  disabled: 'the directory disabled or locked it',
  'not-allowed': 'it is in none of the allowed groups any more',
};

const ZChange = z.object({
  username: z.string(),
  userId: z.string(),
  change: z.enum(['disabled', 'updated', 'skipped']),
  reason: z.enum(DISABLE_REASONS).optional(),
  groupsAdded: z.array(z.string()).default([]),
  groupsRemoved: z.array(z.string()).default([]),
  profile: z.array(z.string()).default([]),
  message: z.string().optional(),
});
export type SyncChange = z.infer<typeof ZChange>;

const ZReport = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  trigger: z.enum(['schedule', 'manual']),
  /** Who pressed "Sync now" (username), for a manual run. */
  by: z.string().nullable().default(null),
  /** ok: every account checked; partial: some skipped; unreachable: the directory did not answer, nobody changed; refused: a safety stop, nobody changed. */
  outcome: z.enum(['ok', 'partial', 'unreachable', 'refused']),
  counts: z.object({ checked: z.number(), unchanged: z.number(), updated: z.number(), disabled: z.number(), skipped: z.number() }),
  changes: z.array(ZChange),
  /** How many per-user lines were left out past MAX_REPORTED_CHANGES. */
  changesLeftOut: z.number().default(0),
  errors: z.array(z.string()),
});
export type SyncReport = z.infer<typeof ZReport>;

export async function readLastSync(db: DbOrTx): Promise<SyncReport | null> {
  const row = await db.setting.findUnique({ where: { key: LAST_SYNC_KEY }, select: { value: true } });
  if (!row) return null;
  try {
    const parsed = ZReport.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeLastSync(db: DbOrTx, report: SyncReport): Promise<void> {
  const kept = report.changes.slice(0, MAX_REPORTED_CHANGES);
  const value = JSON.stringify({ ...report, changes: kept, changesLeftOut: report.changesLeftOut + (report.changes.length - kept.length) });
  await db.setting.upsert({ where: { key: LAST_SYNC_KEY }, create: { key: LAST_SYNC_KEY, value }, update: { value } });
}
