/**
 * Brute-force regulation for any credential check. A failure is a CredentialFailure row keyed by
 * `scope` (which check: "credentials" for every sign-in check, see credentials.ts) and `subject` (who or what is counted: "user:<id>",
 * "ip:<address>"); too many within a window place a CredentialLock, during which the caller
 * refuses the check without looking at the credential.
 *
 * Everything is counted in the database, never in memory, so several Gatehouse processes share
 * one count and a restart does not reset it.
 */
import type { Db, DbOrTx, Tx } from '../db';

export type RegulationPolicy = { maxFailures: number; windowMs: number; banMs: number };

/** 5 failures within 2 minutes lock for 10: the default policy (credentials.ts DEFAULT_REGULATION; env.regulation configures it). */
export const SECOND_FACTOR_REGULATION: RegulationPolicy = { maxFailures: 5, windowMs: 2 * 60_000, banMs: 10 * 60_000 };

type Key = { scope: string; subject: string };

/** Called inside the transaction that places a lock, e.g. to audit it so lock and record commit together. */
export type OnLock = (tx: Tx, lock: { id: number; scope: string; subject: string; createdAt: Date; until: Date; failures: number }) => Promise<void>;

const MAX_ATTEMPTS = 20;

/**
 * A PostgreSQL serialization failure or deadlock (40001 / 40P01), worth retrying. Prisma reports it
 * as P2034 when a query fails, but as the driver adapter's own error when COMMIT fails.
 */
function isWriteConflict(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; cause?: { kind?: unknown } } | null;
  return e?.code === 'P2034' || (e?.name === 'DriverAdapterError' && e.cause?.kind === 'TransactionWriteConflict');
}

function activeWhere(key: Key, now: Date) {
  return { scope: key.scope, subject: key.subject, liftedAt: null, until: { gt: now } };
}

/** The lock in force for (scope, subject) at `now`, if any. */
export async function activeLock(db: DbOrTx, input: Key & { now?: Date }): Promise<{ until: Date; failures: number } | null> {
  return db.credentialLock.findFirst({
    where: activeWhere(input, input.now ?? new Date()),
    orderBy: { until: 'desc' },
    select: { until: true, failures: true },
  });
}

async function recordIn(tx: Tx, input: Key & { policy: RegulationPolicy; now: Date; onLock?: OnLock }): Promise<{ failures: number; lockedUntil: Date | null; placed: boolean }> {
  const { scope, subject, policy, now } = input;
  await tx.credentialFailure.create({ data: { scope, subject, createdAt: now }, select: { id: true } });

  // Failures before the end of the last lock were punished by it: a new lock needs new failures.
  const ended = await tx.credentialLock.findFirst({
    where: { scope, subject, createdAt: { lte: now }, OR: [{ liftedAt: { lte: now } }, { until: { lte: now } }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { until: true, liftedAt: true },
  });
  const endedAt = ended ? Math.min(ended.until.getTime(), ended.liftedAt?.getTime() ?? Infinity) : 0;
  // No upper bound at `now`: another instance's clock may run a little ahead, and its failures
  // count all the same. (With one, a transaction whose `now` is earlier than a row committed by
  // another would not see it, nor conflict with it, and the ban could come one failure late.)
  const failures = await tx.credentialFailure.count({
    where: { scope, subject, createdAt: { gt: new Date(now.getTime() - policy.windowMs), gte: new Date(endedAt) } },
  });

  const active = await tx.credentialLock.findFirst({ where: activeWhere(input, now), orderBy: { until: 'desc' }, select: { until: true } });
  if (active) return { failures, lockedUntil: active.until, placed: false };
  if (failures < policy.maxFailures) return { failures, lockedUntil: null, placed: false };
  const lock = await tx.credentialLock.create({
    data: { scope, subject, createdAt: now, until: new Date(now.getTime() + policy.banMs), failures },
    select: { id: true, scope: true, subject: true, createdAt: true, until: true, failures: true },
  });
  if (input.onLock) await input.onLock(tx, lock);
  return { failures, lockedUntil: lock.until, placed: true };
}

/**
 * Records one failed check of (scope, subject) and locks it when `policy.maxFailures` failures
 * fall within `policy.windowMs` (counting only those after the last lock ended). Returns the
 * failures counted and, when the subject is now locked (by this call or before), the lock's end.
 *
 * Runs in its own SERIALIZABLE transaction: concurrent failures of one subject in several
 * processes each see the others' rows or are retried, so exactly one lock is placed. (SQLite
 * serialises write transactions anyway; on PostgreSQL a conflict aborts one side with P2034.)
 * Hence `Db` only: it cannot join a caller's transaction.
 */
export async function recordFailure(
  db: Db,
  input: Key & { policy: RegulationPolicy; now?: Date; onLock?: OnLock },
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const { failures, lockedUntil } = await recordFailureDetailed(db, input);
  return { failures, lockedUntil };
}

/** recordFailure, also saying whether this very call placed the lock. */
export async function recordFailureDetailed(
  db: Db,
  input: Key & { policy: RegulationPolicy; now?: Date; onLock?: OnLock },
): Promise<{ failures: number; lockedUntil: Date | null; placed: boolean }> {
  const now = input.now ?? new Date();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => recordIn(tx, { ...input, now }), { isolationLevel: 'Serializable' });
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Jittered backoff so the retrying transactions do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));
    }
  }
}

/** Lifts the locks in force for (scope, subject), e.g. by an admin. Returns how many were lifted. */
export async function liftLock(db: DbOrTx, input: Key & { now?: Date }): Promise<number> {
  const now = input.now ?? new Date();
  const { count } = await db.credentialLock.updateMany({ where: activeWhere(input, now), data: { liftedAt: now } });
  return count;
}

/**
 * Housekeeping: deletes failures recorded before `olderThan`. Safe for any `olderThan` at least
 * one window in the past, since older failures no longer count. Returns how many were deleted.
 */
export async function pruneFailures(db: DbOrTx, input: { olderThan: Date }): Promise<number> {
  const { count } = await db.credentialFailure.deleteMany({ where: { createdAt: { lt: input.olderThan } } });
  return count;
}

/** The message shown while locked: "Too many failed attempts. Try again in 9 minutes." */
export function describeLock(until: Date, now: Date, what = 'attempts'): string {
  const ms = until.getTime() - now.getTime();
  if (ms < 60_000) return `Too many failed ${what}. Try again in a moment.`;
  const minutes = Math.ceil(ms / 60_000);
  return `Too many failed ${what}. Try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`;
}
