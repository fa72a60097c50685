import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import {
  SECOND_FACTOR_REGULATION,
  activeLock,
  admitAttempt,
  attemptScope,
  failAttempt,
  liftLock,
  pruneFailures,
  recordFailure,
  releaseAttempt,
  type Admission,
  type Reservation,
} from './regulation';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const scope = 'second_factor';
const policy = SECOND_FACTOR_REGULATION;
const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe.each(DIALECTS)('regulation on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const newSubject = () => `user:${randomUUID()}`;
  const fail = (subject: string, ms: number, s = scope) => recordFailure(t.db, { scope: s, subject, policy, now: at(ms) });
  const locks = (subject: string) => t.db.credentialLock.findMany({ where: { subject }, select: { scope: true, until: true, failures: true, liftedAt: true } });

  it('does not lock after 4 failures within 2 minutes', async () => {
    const subject = newSubject();
    for (const [i, ms] of [0, 20 * SECOND, 40 * SECOND, 60 * SECOND].entries()) {
      expect(await fail(subject, ms)).toEqual({ failures: i + 1, lockedUntil: null });
    }
    expect(await activeLock(t.db, { scope, subject, now: at(61 * SECOND) })).toBeNull();
    expect(await locks(subject)).toEqual([]);
  });

  it('locks for 10 minutes at the 5th failure within 2 minutes, until the lock ends', async () => {
    const subject = newSubject();
    for (let i = 0; i < 4; i++) await fail(subject, i * 20 * SECOND);
    const fifth = 110 * SECOND;
    const until = at(fifth + 10 * MINUTE);
    expect(await fail(subject, fifth)).toEqual({ failures: 5, lockedUntil: until });
    expect(await locks(subject)).toEqual([{ scope, until, failures: 5, liftedAt: null }]);
    expect(await activeLock(t.db, { scope, subject, now: at(fifth) })).toEqual({ until, failures: 5 });
    expect(await activeLock(t.db, { scope, subject, now: new Date(until.getTime() - 1) })).toEqual({ until, failures: 5 });
    // Expiry: at `until` the lock is over.
    expect(await activeLock(t.db, { scope, subject, now: until })).toBeNull();
    expect(await activeLock(t.db, { scope, subject, now: at(fifth + 11 * MINUTE) })).toBeNull();
  });

  it('does not count failures older than the window', async () => {
    const subject = newSubject();
    // 0 s, 30 s, 60 s, 90 s, then 120 s: the first is exactly 2 minutes old and no longer counts.
    for (const ms of [0, 30, 60, 90]) await fail(subject, ms * SECOND);
    expect(await fail(subject, 120 * SECOND)).toEqual({ failures: 4, lockedUntil: null });
    // Window (80 s, 200 s]: 90, 120, 200.
    expect(await fail(subject, 200 * SECOND)).toEqual({ failures: 3, lockedUntil: null });
    // Window (131 s, 251 s]: 200, 251.
    expect(await fail(subject, 251 * SECOND)).toEqual({ failures: 2, lockedUntil: null });
    expect(await locks(subject)).toEqual([]);
  });

  it('needs new failures for a new lock once a lock has ended', async () => {
    const subject = newSubject();
    for (let i = 0; i < 5; i++) await fail(subject, i * SECOND);
    const { until } = (await activeLock(t.db, { scope, subject, now: at(5 * SECOND) }))!;
    const afterEnd = until.getTime() - t0.getTime();
    // The failures that caused a lock never count toward another one.
    for (let i = 1; i <= 4; i++) expect(await fail(subject, afterEnd + i * SECOND)).toEqual({ failures: i, lockedUntil: null });
    const second = await fail(subject, afterEnd + 5 * SECOND);
    expect(second).toEqual({ failures: 5, lockedUntil: at(afterEnd + 5 * SECOND + 10 * MINUTE) });
    expect(await locks(subject)).toHaveLength(2);
  });

  it('does not place a second lock for failures recorded while locked', async () => {
    const subject = newSubject();
    for (let i = 0; i < 5; i++) await fail(subject, i * SECOND);
    const until = at(4 * SECOND + 10 * MINUTE);
    expect(await fail(subject, 10 * SECOND)).toEqual({ failures: 6, lockedUntil: until });
    expect(await fail(subject, 11 * SECOND)).toEqual({ failures: 7, lockedUntil: until });
    expect(await locks(subject)).toHaveLength(1);
  });

  it('lifts a lock, and afterwards counts only failures after the lift', async () => {
    const subject = newSubject();
    for (let i = 0; i < 5; i++) await fail(subject, i * SECOND);
    expect(await liftLock(t.db, { scope, subject, now: at(10 * SECOND) })).toBe(1);
    expect(await activeLock(t.db, { scope, subject, now: at(10 * SECOND) })).toBeNull();
    expect(await activeLock(t.db, { scope, subject, now: at(11 * SECOND) })).toBeNull();
    expect((await locks(subject))[0]!.liftedAt).toEqual(at(10 * SECOND));
    expect(await liftLock(t.db, { scope, subject, now: at(11 * SECOND) })).toBe(0);
    expect(await fail(subject, 12 * SECOND)).toEqual({ failures: 1, lockedUntil: null });
    for (let i = 2; i <= 4; i++) await fail(subject, (11 + i) * SECOND);
    expect((await fail(subject, 16 * SECOND)).lockedUntil).toEqual(at(16 * SECOND + 10 * MINUTE));
  });

  it('keeps scopes and subjects apart', async () => {
    const subject = newSubject();
    const other = newSubject();
    for (let i = 0; i < 5; i++) await fail(subject, i * SECOND);
    expect(await activeLock(t.db, { scope, subject, now: at(5 * SECOND) })).not.toBeNull();
    expect(await activeLock(t.db, { scope: 'password', subject, now: at(5 * SECOND) })).toBeNull();
    expect(await activeLock(t.db, { scope, subject: other, now: at(5 * SECOND) })).toBeNull();
    expect(await fail(subject, 6 * SECOND, 'password')).toEqual({ failures: 1, lockedUntil: null });
    expect(await fail(other, 6 * SECOND)).toEqual({ failures: 1, lockedUntil: null });
    expect(await liftLock(t.db, { scope: 'password', subject, now: at(7 * SECOND) })).toBe(0);
    expect(await activeLock(t.db, { scope, subject, now: at(7 * SECOND) })).not.toBeNull();
  });

  it('places exactly one lock when 10 failures are recorded at once', async () => {
    const subject = newSubject();
    const results = await Promise.all(Array.from({ length: 10 }, () => fail(subject, 0)));
    // Serialisable: the calls behave as if one after the other.
    expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const until = at(10 * MINUTE);
    for (const r of results) expect(r.lockedUntil).toEqual(r.failures >= 5 ? until : null);
    expect(await locks(subject)).toEqual([{ scope, until, failures: 5, liftedAt: null }]);
    expect(await t.db.credentialFailure.count({ where: { subject } })).toBe(10);
  });

  // Several clients stand for several processes. Not on SQLite: better-sqlite3 waits for a busy
  // database synchronously, so two connections in one process cannot interleave transactions.
  if (dialect === 'postgresql')
    it('places exactly one lock when several processes record failures at once', async () => {
      const subject = newSubject();
      const clients: Db[] = [t.db, createDb({ dialect, url: t.url }), createDb({ dialect, url: t.url })];
      try {
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => recordFailure(clients[i % clients.length]!, { scope, subject, policy, now: at(0) })),
        );
        expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(results.filter((r) => r.lockedUntil !== null)).toHaveLength(8);
        expect(await locks(subject)).toEqual([{ scope, until: at(10 * MINUTE), failures: 5, liftedAt: null }]);
        expect(await t.db.credentialFailure.count({ where: { subject } })).toBe(12);
      } finally {
        await Promise.all(clients.slice(1).map((c) => c.$disconnect()));
      }
    });

  describe('attempts: the lock, the count and the reservation are one decision', () => {
    const admit = (subjects: string[], ms: number, db: Db = t.db) => admitAttempt(db, { scope, subjects, policy, now: at(ms) });
    const reservationOf = (admission: Admission): Reservation => {
      if (!admission.admitted) throw new Error(`refused: ${admission.subject}`);
      return admission.reservation;
    };
    const rows = (subject: string) => t.db.credentialFailure.findMany({ where: { subject }, select: { scope: true } });

    it('admits up to the maximum at once and refuses the rest unchecked, with no ban yet', async () => {
      const subject = newSubject();
      const admissions = await Promise.all(Array.from({ length: 12 }, () => admit([subject], 0)));
      expect(admissions.filter((a) => a.admitted)).toHaveLength(5);
      expect(admissions.filter((a) => !a.admitted)).toEqual(Array.from({ length: 7 }, () => ({ admitted: false, subject, until: null })));
      // Refused attempts leave nothing behind; the five admitted are counted, as attempts.
      expect(await rows(subject)).toEqual(Array.from({ length: 5 }, () => ({ scope: attemptScope(scope) })));
      expect(await locks(subject)).toEqual([]);
    });

    it('five failed attempts ban once, and the ban refuses the next attempt', async () => {
      const subject = newSubject();
      const reservations = (await Promise.all(Array.from({ length: 5 }, () => admit([subject], 0)))).map(reservationOf);
      const results = await Promise.all(reservations.map((r) => failAttempt(t.db, r, { policy, now: at(SECOND) })));
      const until = at(SECOND + 10 * MINUTE);
      expect(results.filter((r) => r.placed.length === 1)).toEqual([{ lockedUntil: until, placed: [subject] }]);
      expect(results.filter((r) => r.placed.length === 0)).toHaveLength(4);
      expect(await locks(subject)).toEqual([{ scope, until, failures: 5, liftedAt: null }]);
      expect(await rows(subject)).toEqual(Array.from({ length: 5 }, () => ({ scope })));
      expect(await admit([subject], 2 * SECOND)).toEqual({ admitted: false, subject, until });
    });

    it('a right credential takes its attempt back: four failures and one success ban nobody, and the next attempt is admitted', async () => {
      const subject = newSubject();
      const reservations = (await Promise.all(Array.from({ length: 5 }, () => admit([subject], 0)))).map(reservationOf);
      expect((await admit([subject], 0)).admitted).toBe(false);
      await releaseAttempt(t.db, reservations[2]!);
      for (const [i, r] of reservations.entries())
        if (i !== 2) expect(await failAttempt(t.db, r, { policy, now: at(SECOND) })).toEqual({ lockedUntil: null, placed: [] });
      expect(await locks(subject)).toEqual([]);
      const next = reservationOf(await admit([subject], 2 * SECOND));
      expect((await failAttempt(t.db, next, { policy, now: at(3 * SECOND) })).placed).toEqual([subject]);
    });

    it('an attempt never settled counts until it leaves the window, but places no ban', async () => {
      const subject = newSubject();
      const reservations = (await Promise.all(Array.from({ length: 5 }, () => admit([subject], 0)))).map(reservationOf);
      for (const r of reservations.slice(1)) await failAttempt(t.db, r, { policy, now: at(SECOND) });
      // The first attempt's process died mid-check: four failures and one attempt fill the count.
      expect(await admit([subject], MINUTE)).toEqual({ admitted: false, subject, until: null });
      expect(await locks(subject)).toEqual([]);
      expect((await admit([subject], 2 * MINUTE + 1)).admitted).toBe(true);
    });

    it('refuses for either subject, and reserves for both or neither', async () => {
      const user = newSubject();
      const ip = `ip:${randomUUID()}`;
      for (let i = 0; i < 5; i++) await recordFailure(t.db, { scope, subject: ip, policy, now: at(0) });
      const until = at(10 * MINUTE);
      expect(await admit([user, ip], SECOND)).toEqual({ admitted: false, subject: ip, until });
      expect(await rows(user)).toEqual([]);
      const other = `ip:${randomUUID()}`;
      const both = reservationOf(await admit([user, other], SECOND));
      expect(both.rows.map((r) => r.subject)).toEqual([user, other]);
      await releaseAttempt(t.db, both);
      expect(await rows(user)).toEqual([]);
      expect(await rows(other)).toEqual([]);
    });

    it('counts a failure whose reservation was pruned meanwhile', async () => {
      const subject = newSubject();
      const reservation = reservationOf(await admit([subject], 0));
      await pruneFailures(t.db, { olderThan: at(1) });
      await failAttempt(t.db, reservation, { policy, now: at(SECOND) });
      expect(await rows(subject)).toEqual([{ scope }]);
    });

    it('admits with no subject to count, reserving nothing', async () => {
      expect(await admit([], 0)).toEqual({ admitted: true, reservation: { scope, at: at(0), rows: [] } });
    });

    // Several clients stand for several processes (see below for SQLite).
    if (dialect === 'postgresql')
      it('several processes admitting at once admit five in all', async () => {
        const subject = newSubject();
        const clients: Db[] = [t.db, createDb({ dialect, url: t.url }), createDb({ dialect, url: t.url })];
        try {
          const admissions = await Promise.all(Array.from({ length: 30 }, (_, i) => admit([subject], 0, clients[i % clients.length]!)));
          expect(admissions.filter((a) => a.admitted)).toHaveLength(5);
          expect(await t.db.credentialFailure.count({ where: { subject } })).toBe(5);
        } finally {
          await Promise.all(clients.slice(1).map((c) => c.$disconnect()));
        }
      });
  });

  it('prunes failures older than a date, and only those', async () => {
    const subject = newSubject();
    const old = new Date('2020-01-01T00:00:00Z');
    await recordFailure(t.db, { scope, subject, policy, now: old });
    await recordFailure(t.db, { scope, subject, policy, now: new Date(old.getTime() + MINUTE) });
    await fail(subject, 0);
    expect(await pruneFailures(t.db, { olderThan: new Date(old.getTime() + MINUTE) })).toBeGreaterThanOrEqual(1);
    expect(await t.db.credentialFailure.count({ where: { subject } })).toBe(2);
    expect(await pruneFailures(t.db, { olderThan: new Date(old.getTime() + MINUTE) })).toBe(0);
    expect(await pruneFailures(t.db, { olderThan: at(0) })).toBeGreaterThanOrEqual(1);
    expect(await t.db.credentialFailure.count({ where: { subject } })).toBe(1);
  });
});
