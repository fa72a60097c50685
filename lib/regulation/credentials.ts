/**
 * Regulation of every credential check (password, TOTP, WebAuthn, recovery code, email link;
 * device tokens on the verify endpoint through address-guard.ts, counted in memory and written here):
 * failures are counted per user ("user:<id>") and, separately, per client address
 * ("ip:<address>", RequestMeta.ip, already resolved through trusted proxies). Too many within
 * the window (env.regulation, default 5 within 2 minutes) ban that subject for 10 minutes.
 *
 * One scope, "credentials", for every kind of check: a guesser who alternates passwords, TOTP
 * codes and recovery codes is counted once, not three times at a third of the speed. The
 * per-kind lock the second-factor step used to have ("second_factor") is folded into it.
 *
 * Every check goes through `admitCredentialCheck` BEFORE the credential is looked at: the ban
 * check and the count are one decision, for the user and the address together (see
 * regulation.ts), so a burst of attempts looks at no more than `maxFailures` credentials and a
 * refused attempt is answered the same whether its credential was right or wrong. The caller
 * then reports the outcome exactly once: `failed` (counted; a ban placed is audited in the same
 * transaction) or `passed` (the reservation is taken back).
 */
import { logEvent } from '../audit/log-event';
import type { RegulationPolicy } from '../config';
import type { Db, DbOrTx, Tx } from '../db';
import { announce } from '../events/announce';
import type { RequestMeta } from '../http/request-meta-types';
import { admitAttempt, describeLock, failAttempt, recordFailureDetailed, releaseAttempt } from './regulation';

export const CREDENTIALS_SCOPE = 'credentials';

/** 5 failures within 2 minutes ban for 10 minutes (GATEHOUSE_REGULATION_*). */
export const DEFAULT_REGULATION: RegulationPolicy = { maxFailures: 5, windowMs: 2 * 60_000, banMs: 10 * 60_000 };

/**
 * Who is counted: the user (when known), an OpenID Connect client (its id, at the token endpoint),
 * the login name typed at a password sign-in that names no account, and the client address (when
 * known).
 */
export type RegulationTarget = { userId?: string | null; clientId?: string | null; login?: string | null; ip?: string | null };

export const userSubject = (userId: string) => `user:${userId}`;
export const ipSubject = (ip: string) => `ip:${ip.trim().toLowerCase()}`;
export const clientSubject = (clientId: string) => `client:${clientId}`;
/**
 * A login that names no account is counted and banned like an account (the login as sign-in reads
 * it: trimmed, lower-cased), so that a ban never tells whether an account exists: five wrong
 * passwords for "bob" and for "nobody-at-all" are answered alike, and cost alike.
 */
export const loginSubject = (login: string) => `login:${login}`;

/** The subjects counted for an attempt: the user, the client, the login and the address, each only when known. */
export function subjectsOf(target: RegulationTarget): string[] {
  const subjects: string[] = [];
  if (target.userId) subjects.push(userSubject(target.userId));
  if (target.clientId) subjects.push(clientSubject(target.clientId));
  if (target.login) subjects.push(loginSubject(target.login));
  if (target.ip?.trim()) subjects.push(ipSubject(target.ip));
  return subjects;
}

export type SubjectKind = 'user' | 'client' | 'login' | 'address' | 'other';

/** "user:abc" → { kind: 'user', value: 'abc' }; "client:paperless" → { kind: 'client', … }; "login:bob" → { kind: 'login', … }; "ip:192.0.2.1" → { kind: 'address', … }. */
export function parseSubject(subject: string): { kind: SubjectKind; value: string } {
  if (subject.startsWith('user:')) return { kind: 'user', value: subject.slice(5) };
  if (subject.startsWith('client:')) return { kind: 'client', value: subject.slice(7) };
  if (subject.startsWith('login:')) return { kind: 'login', value: subject.slice(6) };
  if (subject.startsWith('ip:')) return { kind: 'address', value: subject.slice(3) };
  return { kind: 'other', value: subject };
}

/** What a ban's audit event says of its subject beside the kind: the address or the login name (a user or client is the event's target). */
export function subjectDetail(kind: SubjectKind, value: string): { address: string } | { login: string } | Record<string, never> {
  return kind === 'address' ? { address: value } : kind === 'login' ? { login: value } : {};
}

export type RegulationCheck = { locked: false } | { locked: true; until: Date; subject: string };

/** Locks of these scopes refuse a credential check: the old per-kind "second_factor" lock still counts until it runs out. */
export const LOCK_SCOPES = [CREDENTIALS_SCOPE, 'second_factor'];

/**
 * Is the user or the address banned at `now`? One indexed query, for what a page shows (the
 * second-factor step's notice) and for a user named only by a valid link; a credential check
 * itself is admitted through `admitCredentialCheck`, which decides and counts at once.
 */
export async function checkRegulation(db: DbOrTx, input: RegulationTarget & { now?: Date }): Promise<RegulationCheck> {
  const subjects = subjectsOf(input);
  if (subjects.length === 0) return { locked: false };
  const now = input.now ?? new Date();
  const lock = await db.credentialLock.findFirst({
    where: { scope: { in: LOCK_SCOPES }, subject: { in: subjects }, liftedAt: null, until: { gt: now } },
    orderBy: { until: 'desc' },
    select: { until: true, subject: true },
  });
  return lock ? { locked: true, until: lock.until, subject: lock.subject } : { locked: false };
}

/** The message for a banned sign-in: says nothing about whether the credential was right. */
export function banMessage(until: Date, now: Date): string {
  return describeLock(until, now, 'sign-ins');
}

async function auditBan(
  tx: Tx,
  lock: { subject: string; until: Date; failures: number },
  input: { userName?: string | null; meta?: RequestMeta; check?: string },
) {
  const { kind, value } = parseSubject(lock.subject);
  await logEvent(tx, {
    type: 'regulation.banned',
    outcome: 'failure',
    target:
      kind === 'user' ? { type: 'user', id: value, name: input.userName ?? value } : kind === 'client' ? { type: 'oidc_client', id: value, name: value } : null,
    meta: input.meta,
    data: {
      subject: kind,
      ...subjectDetail(kind, value),
      until: lock.until.toISOString(),
      failures: lock.failures,
      ...(input.check ? { check: input.check } : {}),
    },
  });
  // Every instance's verify path enforces address bans (address-guard.ts): it reads them again.
  if (kind === 'address') await announce(tx, 'bans-changed', {});
}

/**
 * Counts one failed check that was not admitted through `admitCredentialCheck` (the device-token
 * guesses counted in memory by address-guard.ts, written later) against the user and the address
 * (each that is known), each as its own decision on that subject (regulation.ts); a ban placed
 * here is audited ('regulation.banned') in the transaction that places it. Returns the latest end
 * of any ban now in force on either subject, or null.
 */
export async function recordCredentialFailure(
  db: Db,
  input: RegulationTarget & {
    policy: RegulationPolicy;
    now?: Date;
    meta?: RequestMeta;
    userName?: string | null;
    /** The kind of check, noted on a ban it places when it says more than "a sign-in" ("device token"). */
    check?: string;
  },
): Promise<{ lockedUntil: Date | null; placed: string[] }> {
  const now = input.now ?? new Date();
  let lockedUntil: Date | null = null;
  const placed: string[] = [];
  for (const subject of subjectsOf(input)) {
    const result = await recordFailureDetailed(db, {
      scope: CREDENTIALS_SCOPE,
      subject,
      policy: input.policy,
      now,
      onLock: (tx, lock) => auditBan(tx, lock, input),
    });
    if (result.placed) placed.push(subject);
    if (result.lockedUntil && (!lockedUntil || result.lockedUntil > lockedUntil)) lockedUntil = result.lockedUntil;
  }
  return { lockedUntil, placed };
}

/** An admitted credential check, to be reported exactly once. */
export type CredentialAttempt = {
  /**
   * The credential was wrong: the attempt stays counted against the user and the address, and a
   * subject whose failures reach the maximum is banned (audited as 'regulation.banned'), all in
   * one transaction with whatever `record` writes (the failure's own audit event).
   */
  failed(input?: { now?: Date; record?: (tx: Tx) => Promise<void> }): Promise<{ lockedUntil: Date | null; placed: string[] }>;
  /** The credential was right: the attempt is taken back and counts for nothing. */
  passed(): Promise<void>;
};

/**
 * Refused unchecked: `until` is the end of the ban in force, or null when the count is full of
 * attempts still being checked (say "in a moment": if they fail a ban follows, if not a new
 * attempt gets through).
 */
export type CredentialAdmission = { admitted: true; attempt: CredentialAttempt } | { admitted: false; until: Date | null; subject: string };

/**
 * The one gate in front of every credential check: admits the attempt (reserving it, counted as
 * a failure, for the user and the address together) or refuses it because either is banned or
 * already has `policy.maxFailures` failures and attempts in flight within the window.
 * `meta`, `userName` and `check` go into the audit event of a ban the attempt's failure places.
 */
export async function admitCredentialCheck(
  db: Db,
  input: RegulationTarget & { policy: RegulationPolicy; now?: Date; meta?: RequestMeta; userName?: string | null; check?: string },
): Promise<CredentialAdmission> {
  const admission = await admitAttempt(db, {
    scope: CREDENTIALS_SCOPE,
    subjects: subjectsOf(input),
    policy: input.policy,
    now: input.now,
    lockScopes: LOCK_SCOPES,
  });
  if (!admission.admitted) return admission;
  const { reservation } = admission;
  let settled = false;
  const settle = () => {
    if (settled) throw new Error('a credential attempt was reported twice');
    settled = true;
  };
  return {
    admitted: true,
    attempt: {
      async failed(outcome = {}) {
        settle();
        return failAttempt(db, reservation, {
          policy: input.policy,
          now: outcome.now,
          record: outcome.record,
          onLock: (tx, lock) => auditBan(tx, lock, input),
        });
      },
      async passed() {
        settle();
        return releaseAttempt(db, reservation);
      },
    },
  };
}

/**
 * The answer to a refused attempt: `describe` (default: the sign-in ban message) of the ban's end,
 * or "in a moment". Pass the time of the refusal, not of the request's start: a ban placed by a
 * check that ended while this request waited would otherwise read a minute longer than it is.
 */
export function refusalMessage(refused: { until: Date | null }, now: Date, describe: (until: Date, now: Date) => string = banMessage): string {
  return describe(refused.until ?? now, now);
}
