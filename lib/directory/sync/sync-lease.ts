/**
 * One directory sync at a time across every instance and trigger. claimRun (lib/scheduling)
 * decides when the periodic sync is due, but an admin's "Sync now" claims with force, and two
 * forced claims a millisecond apart both win: this lease is what keeps two runs from
 * overlapping. It is a Setting row holding the time the current run's lease ends; taking it is
 * one conditional update (or the first insert, which the primary key lets only one instance
 * win), giving it back sets that time to now. A run that crashed frees it when the lease ends.
 */
import type { Db } from '../../db';

export const SYNC_LEASE_KEY = 'directory.sync.lease';
/** Longer than any sync should take; a crashed run blocks the next one at most this long. */
export const SYNC_LEASE_MS = 10 * 60_000;

const iso = (date: Date) => date.toISOString();

export type SyncLease = { until: string };

/** The lease, or null when another run holds it. */
export async function takeSyncLease(db: Db, now = new Date()): Promise<SyncLease | null> {
  const until = iso(new Date(now.getTime() + SYNC_LEASE_MS));
  const taken = await db.setting.updateMany({ where: { key: SYNC_LEASE_KEY, value: { lte: iso(now) } }, data: { value: until } });
  if (taken.count === 1) return { until };
  if (await db.setting.findUnique({ where: { key: SYNC_LEASE_KEY }, select: { key: true } })) return null;
  try {
    await db.setting.create({ data: { key: SYNC_LEASE_KEY, value: until } });
    return { until };
  } catch {
    return null;
  }
}

/** Gives the lease back (only if it is still ours: a lease that ran out may be another run's now). */
export async function releaseSyncLease(db: Db, lease: SyncLease, now = new Date()): Promise<void> {
  await db.setting.updateMany({ where: { key: SYNC_LEASE_KEY, value: lease.until }, data: { value: iso(now) } });
}
