/**
 * How long audit events are kept: a number of days (30–3650) or forever, stored as the Setting
 * `audit.retention_days` ("forever" or the number). Pruning deletes what is older in batches of
 * ids, so a first prune of a million old events never holds one long write lock.
 */
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { scheduleJob } from '../scheduling/schedule-job';
import { logEvent, type AuditParty } from './log-event';

export const RETENTION_KEY = 'audit.retention_days';
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;
/** `null` = keep forever (the default: nothing is deleted until an admin chooses). */
export type Retention = number | null;

export type RetentionParse = { ok: true; value: Retention } | { ok: false; message: string };

/** Parses what the form sends (or the stored value): "forever"/empty, or whole days in range. */
export function parseRetention(input: unknown): RetentionParse {
  const text = typeof input === 'string' ? input.trim().toLowerCase() : typeof input === 'number' ? String(input) : '';
  if (text === 'forever' || text === '') return { ok: true, value: null };
  if (!/^\d{1,5}$/.test(text))
    return { ok: false, message: `Enter a whole number of days from ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}, or keep events forever.` };
  const days = Number(text);
  if (days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS) {
    return { ok: false, message: `Keep events at least ${RETENTION_MIN_DAYS} and at most ${RETENTION_MAX_DAYS} days (or forever).` };
  }
  return { ok: true, value: days };
}

export function formatRetention(value: Retention): string {
  return value === null ? 'forever' : String(value);
}

export async function readRetention(db: Db): Promise<Retention> {
  const row = await db.setting.findUnique({ where: { key: RETENTION_KEY }, select: { value: true } });
  if (!row) return null;
  const parsed = parseRetention(row.value);
  return parsed.ok ? parsed.value : null;
}

/** Saves the retention and records who changed it, in one transaction. Returns false when unchanged. */
export async function saveRetention(db: Db, input: { value: Retention; actor: AuditParty; meta?: RequestMeta }): Promise<boolean> {
  const value = formatRetention(input.value);
  return db.$transaction(async (tx) => {
    const previous = await tx.setting.findUnique({ where: { key: RETENTION_KEY }, select: { value: true } });
    const before = previous?.value ?? 'forever';
    if (before === value) return false;
    await tx.setting.upsert({ where: { key: RETENTION_KEY }, create: { key: RETENTION_KEY, value }, update: { value } });
    await logEvent(tx, {
      type: 'audit.retention_changed',
      actor: input.actor,
      target: { type: 'setting', id: RETENTION_KEY, name: RETENTION_KEY },
      meta: input.meta,
      data: { from: before, to: value },
    });
    return true;
  });
}

export const PRUNE_BATCH = 1000;

/**
 * Deletes events older than the retention, `batchSize` at a time, oldest first; records one
 * `audit.pruned` event when anything went. Safe to run from several instances at once (deletes
 * by id; a row already gone is simply not counted).
 */
export async function pruneAuditEvents(
  db: Db,
  options: { now?: Date; retention?: Retention; batchSize?: number; maxBatches?: number } = {},
): Promise<{ deleted: number; cutoff: Date | null }> {
  const retention = options.retention !== undefined ? options.retention : await readRetention(db);
  if (retention === null) return { deleted: 0, cutoff: null };
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - retention * 86_400_000);
  const batchSize = options.batchSize ?? PRUNE_BATCH;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const ids = (
      await db.auditEvent.findMany({ where: { createdAt: { lt: cutoff } }, orderBy: { createdAt: 'asc' }, take: batchSize, select: { id: true } })
    ).map((r) => r.id);
    if (ids.length === 0) break;
    const result = await db.auditEvent.deleteMany({ where: { id: { in: ids } } });
    deleted += result.count;
    if (ids.length < batchSize) break;
    // Let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (deleted > 0) {
    await logEvent(db, { type: 'audit.pruned', data: { deleted, olderThan: cutoff.toISOString(), retentionDays: retention } });
  }
  return { deleted, cutoff };
}

export const PRUNE_INTERVAL_MS = 24 * 3_600_000;

/**
 * Prunes once a day across all instances (lib/scheduling: the instance that claims the day's run
 * prunes; the others skip it), first shortly after start. Started by lib/server/main.ts; failures
 * are logged and retried at the next claim; the timers never keep the process alive.
 */
export function startAuditPruning(getDb: () => Db, log: (line: string) => void = console.log): () => void {
  return scheduleJob(
    getDb,
    {
      name: 'audit-prune',
      intervalMs: PRUNE_INTERVAL_MS,
      async run(db) {
        const { deleted, cutoff } = await pruneAuditEvents(db);
        if (deleted > 0 && cutoff) log(`[gatehouse] audit retention: deleted ${deleted} event${deleted === 1 ? '' : 's'} older than ${cutoff.toISOString()}`);
      },
    },
    (error) => console.error('[gatehouse] audit retention: pruning failed, retrying at the next run:', error),
  );
}
