/**
 * Brute-force regulation for any credential check. A failure is a CredentialFailure row keyed by
 * `scope` (which check: "credentials" for every sign-in check, see credentials.ts) and `subject` (who or what is counted: "user:<id>",
 * "ip:<address>"); too many within a window place a CredentialLock, during which the caller
 * refuses the check without looking at the credential.
 *
 * A check is admitted, and its credential looked at, only through `admitAttempt`: in one
 * transaction, serialised with every other decision on the same subjects (see `decide`), it
 * checks the locks and the counts of every subject (the user and the address together) and,
 * when both allow it, reserves the attempt as a CredentialFailure row of
 * the scope `<scope>:attempt`, counted like a failure. The caller then settles it: `failAttempt`
 * keeps it as a failure (and places the lock when the failures reach the maximum),
 * `releaseAttempt` takes it back after a right credential. So N attempts at once look at no more
 * than `maxFailures` credentials: the others find the count full and are refused unchecked. An
 * attempt never settled (the process died mid-check) keeps counting until it leaves the window,
 * but only judged failures place a lock.
 *
 * Everything is counted in the database, never in memory, so several Gatehouse processes share
 * one count and a restart does not reset it.
 */
import type { RegulationPolicy } from '../config';
import { dialectOf, type Db, type DbOrTx, type Tx } from '../db';

/** 5 failures within 2 minutes lock for 10: the default policy (credentials.ts DEFAULT_REGULATION; env.regulation configures it). */
export const SECOND_FACTOR_REGULATION: RegulationPolicy = { maxFailures: 5, windowMs: 2 * 60_000, banMs: 10 * 60_000 };

type Key = { scope: string; subject: string };

/** Called inside the transaction that places a lock, e.g. to audit it so lock and record commit together. */
export type OnLock = (tx: Tx, lock: { id: number; scope: string; subject: string; createdAt: Date; until: Date; failures: number }) => Promise<void>;

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

/** When the last lock of (scope, subject) that has ended by `now` ended (0 when none): failures before it were punished by it. */
async function lastLockEnd(tx: Tx, input: Key & { now: Date }): Promise<number> {
  const ended = await tx.credentialLock.findFirst({
    where: { scope: input.scope, subject: input.subject, createdAt: { lte: input.now }, OR: [{ liftedAt: { lte: input.now } }, { until: { lte: input.now } }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { until: true, liftedAt: true },
  });
  return ended ? Math.min(ended.until.getTime(), ended.liftedAt?.getTime() ?? Infinity) : 0;
}

/**
 * Rows of the given scopes for `subject` within the window before `now`, counting only those
 * after the last lock ended. No upper bound at `now`: another instance's clock may run a little
 * ahead, and its rows count all the same. (With one, a transaction whose `now` is earlier than a
 * row committed by another would not see it, nor conflict with it, and the ban could come one
 * failure late.)
 */
async function countIn(tx: Tx, input: Key & { scopes: string[]; policy: RegulationPolicy; now: Date }): Promise<number> {
  const endedAt = await lastLockEnd(tx, input);
  return tx.credentialFailure.count({
    where: {
      scope: { in: input.scopes },
      subject: input.subject,
      createdAt: { gt: new Date(input.now.getTime() - input.policy.windowMs), gte: new Date(endedAt) },
    },
  });
}

/** Places the lock on (scope, subject) when its judged failures reach the maximum and none is in force. */
async function lockIfDue(
  tx: Tx,
  input: Key & { policy: RegulationPolicy; now: Date; onLock?: OnLock },
): Promise<{ failures: number; lockedUntil: Date | null; placed: boolean }> {
  const { scope, subject, policy, now } = input;
  const failures = await countIn(tx, { scope, subject, scopes: [scope], policy, now });
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

async function recordIn(
  tx: Tx,
  input: Key & { policy: RegulationPolicy; now: Date; onLock?: OnLock },
): Promise<{ failures: number; lockedUntil: Date | null; placed: boolean }> {
  await tx.credentialFailure.create({ data: { scope: input.scope, subject: input.subject, createdAt: input.now }, select: { id: true } });
  return lockIfDue(tx, input);
}

// Decisions waiting for a subject in this process, shared through globalThis like the database
// client (the custom server and Next's bundles each load this module).
const QUEUES_KEY = Symbol.for('gatehouse.regulationQueues');
const queues: Map<string, Promise<void>> = ((globalThis as { [QUEUES_KEY]?: Map<string, Promise<void>> })[QUEUES_KEY] ??= new Map());

/** Waits for this process's earlier decisions on `subject`; returns the release for the next. */
async function turnFor(subject: string): Promise<() => void> {
  const before = queues.get(subject) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  queues.set(subject, tail);
  await before;
  return () => {
    release();
    if (queues.get(subject) === tail) queues.delete(subject);
  };
}

/**
 * Runs `work` as THE decision on `subjects`: no other decision on any of them runs at the same
 * time, in this process or in another instance sharing the database, and each sees everything
 * the ones before it committed.
 *
 * In this process, decisions on a subject wait their turn before they take a connection: a burst
 * of attempts on one user queues here, holding one connection, not the whole pool. Across
 * instances, PostgreSQL: transaction-scoped advisory locks on the subjects, then plain READ
 * COMMITTED statements that see all that was committed while waiting; SQLite: BEGIN IMMEDIATE
 * (lib/db) takes the database's write lock up front, so write transactions run one at a time.
 * Subjects are taken in one order, so two decisions on one user from two addresses cannot
 * deadlock.
 *
 * Queueing rather than SERIALIZABLE with retries: 30 attempts at once on one subject are 30
 * conflicting transactions, and retrying them costs on the order of N² aborted transactions,
 * which held the connection pool long enough for requests to fail.
 */
async function decide<T>(db: Db, subjects: string[], work: (tx: Tx) => Promise<T>): Promise<T> {
  const ordered = [...new Set(subjects)].sort();
  const releases: (() => void)[] = [];
  try {
    for (const subject of ordered) releases.push(await turnFor(subject));
    return await db.$transaction(
      async (tx) => {
        if (dialectOf(db) === 'postgresql') {
          for (const subject of ordered) {
            await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', `gatehouse.regulation:${subject}`);
          }
        }
        return work(tx);
      },
      // Another instance's burst may hold a subject for a while: wait rather than fail the request
      // (Prisma's defaults are 2 s to start and 5 s to finish).
      { maxWait: 15_000, timeout: 15_000 },
    );
  } finally {
    for (const release of releases.reverse()) release();
  }
}

/**
 * Records one failed check of (scope, subject) and locks it when `policy.maxFailures` failures
 * fall within `policy.windowMs` (counting only those after the last lock ended). Returns the
 * failures counted and, when the subject is now locked (by this call or before), the lock's end.
 *
 * Runs as its own decision on the subject (see `decide`): concurrent failures of one subject in
 * several processes run one after the other, each seeing the others' rows, so exactly one lock
 * is placed. Hence `Db` only: it cannot join a caller's transaction.
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
  return decide(db, [input.subject], (tx) => recordIn(tx, { ...input, now }));
}

/** The scope of an attempt in flight: reserved, counted like a failure, not yet judged. */
export function attemptScope(scope: string): string {
  return `${scope}:attempt`;
}

/** An admitted attempt: one reserved row per subject, to be settled once by failAttempt or releaseAttempt. */
export type Reservation = { scope: string; at: Date; rows: { id: number; subject: string }[] };

/**
 * An attempt was admitted (its credential may be looked at), or refused unchecked: `until` is the
 * end of the ban in force on `subject`, or null when the count is full of attempts still being
 * checked (a ban follows if they fail; if not, a new attempt is admitted in a moment).
 */
export type Admission = { admitted: true; reservation: Reservation } | { admitted: false; subject: string; until: Date | null };

/**
 * Admits one attempt at a credential for all of `subjects` together, or refuses it. In one
 * transaction serialised with every other decision on them (see `decide`): a lock in force on any subject (of `lockScopes`, default `scope`)
 * refuses; so does a subject whose failures and attempts in flight within the window already
 * reach `policy.maxFailures`; otherwise one attempt row per subject is reserved. With no subject
 * (nothing known to count), the attempt is admitted and nothing is reserved.
 */
export async function admitAttempt(
  db: Db,
  input: { scope: string; subjects: string[]; policy: RegulationPolicy; now?: Date; lockScopes?: string[] },
): Promise<Admission> {
  const now = input.now ?? new Date();
  const { scope, subjects, policy } = input;
  if (subjects.length === 0) return { admitted: true, reservation: { scope, at: now, rows: [] } };
  return decide(db, subjects, async (tx): Promise<Admission> => {
    const lock = await tx.credentialLock.findFirst({
      where: { scope: { in: input.lockScopes ?? [scope] }, subject: { in: subjects }, liftedAt: null, until: { gt: now } },
      orderBy: { until: 'desc' },
      select: { until: true, subject: true },
    });
    if (lock) return { admitted: false, subject: lock.subject, until: lock.until };
    for (const subject of subjects) {
      const counted = await countIn(tx, { scope, subject, scopes: [scope, attemptScope(scope)], policy, now });
      if (counted >= policy.maxFailures) return { admitted: false, subject, until: null };
    }
    const rows: Reservation['rows'] = [];
    for (const subject of subjects) {
      rows.push(await tx.credentialFailure.create({ data: { scope: attemptScope(scope), subject, createdAt: now }, select: { id: true, subject: true } }));
    }
    return { admitted: true, reservation: { scope, at: now, rows } };
  });
}

/**
 * The admitted attempt failed: its reserved rows become failures (at the time it was admitted),
 * and each subject whose failures now reach the maximum is locked, `onLock` running in the same
 * transaction. Returns, per call, the latest end of any lock now in force on the subjects and
 * the subjects this call locked.
 */
export async function failAttempt(
  db: Db,
  reservation: Reservation,
  input: { policy: RegulationPolicy; now?: Date; onLock?: OnLock; record?: (tx: Tx) => Promise<void> },
): Promise<{ lockedUntil: Date | null; placed: string[] }> {
  const now = input.now ?? new Date();
  const { scope } = reservation;
  return decide(
    db,
    reservation.rows.map((r) => r.subject),
    async (tx) => {
      const ids = reservation.rows.map((r) => r.id);
      const kept = new Set(
        (await tx.credentialFailure.findMany({ where: { id: { in: ids }, scope: attemptScope(scope) }, select: { id: true } })).map((r) => r.id),
      );
      await tx.credentialFailure.updateMany({ where: { id: { in: [...kept] } }, data: { scope } });
      // A reservation older than the housekeeping horizon may have been pruned: the failure still counts.
      for (const row of reservation.rows) {
        if (!kept.has(row.id)) await tx.credentialFailure.create({ data: { scope, subject: row.subject, createdAt: reservation.at }, select: { id: true } });
      }
      if (input.record) await input.record(tx);
      let lockedUntil: Date | null = null;
      const placed: string[] = [];
      for (const { subject } of reservation.rows) {
        const result = await lockIfDue(tx, { scope, subject, policy: input.policy, now, onLock: input.onLock });
        if (result.placed) placed.push(subject);
        if (result.lockedUntil && (!lockedUntil || result.lockedUntil > lockedUntil)) lockedUntil = result.lockedUntil;
      }
      return { lockedUntil, placed };
    },
  );
}

/** The admitted attempt's credential was right: its reservation is taken back and counts for nothing. */
export async function releaseAttempt(db: DbOrTx, reservation: Reservation): Promise<void> {
  if (reservation.rows.length === 0) return;
  await db.credentialFailure.deleteMany({ where: { id: { in: reservation.rows.map((r) => r.id) }, scope: attemptScope(reservation.scope) } });
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
