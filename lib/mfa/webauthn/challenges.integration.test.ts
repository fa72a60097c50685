import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { createTestUser } from '../../../test/support/fixtures';
import { CHALLENGE_TTL_MS, consumeChallenge, pruneChallenges, storeChallenge } from './challenges';

const T0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
let n = 0;
const freshChallenge = () => `challenge-${Date.now().toString(36)}-${(n++).toString().padStart(6, '0')}`;

describe.each(DIALECTS)('WebAuthn challenges on %s', (dialect) => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    userId = (await createTestUser(t.db)).id;
  });
  afterAll(async () => t?.drop());

  const stored = (challenge: string) => t.db.webAuthnChallenge.count({ where: { challenge } });

  it('consumes a live challenge exactly once', async () => {
    const challenge = freshChallenge();
    await storeChallenge(t.db, { challenge, purpose: 'registration', userId, now: T0 });
    const row = await t.db.webAuthnChallenge.findUnique({ where: { challenge }, select: { expiresAt: true, userId: true, purpose: true } });
    expect(row).toEqual({ expiresAt: at(CHALLENGE_TTL_MS), userId, purpose: 'registration' });
    expect(await consumeChallenge(t.db, { challenge, purpose: 'registration', userId, now: at(1_000) })).toBe(true);
    expect(await consumeChallenge(t.db, { challenge, purpose: 'registration', userId, now: at(1_000) })).toBe(false);
    expect(await stored(challenge)).toBe(0);
  });

  it('works until one millisecond before the two-minute expiry, not at it, and deletes an expired challenge', async () => {
    const early = freshChallenge();
    await storeChallenge(t.db, { challenge: early, purpose: 'authentication', userId, now: T0 });
    expect(await consumeChallenge(t.db, { challenge: early, purpose: 'authentication', userId, now: at(CHALLENGE_TTL_MS - 1) })).toBe(true);

    const late = freshChallenge();
    await storeChallenge(t.db, { challenge: late, purpose: 'authentication', userId, now: T0 });
    expect(await consumeChallenge(t.db, { challenge: late, purpose: 'authentication', userId, now: at(CHALLENGE_TTL_MS) })).toBe(false);
    expect(await stored(late)).toBe(0);
  });

  it('refuses, and burns, a challenge presented for another purpose or another user', async () => {
    const other = (await createTestUser(t.db)).id;
    const cases = [
      { purpose: 'authentication' as const, userId },
      { purpose: 'registration' as const, userId: other },
      // A challenge issued to a known user is not a usernameless sign-in challenge, nor the reverse.
      { purpose: 'registration' as const, userId: null },
    ];
    for (const presented of cases) {
      const challenge = freshChallenge();
      await storeChallenge(t.db, { challenge, purpose: 'registration', userId, now: T0 });
      expect(await consumeChallenge(t.db, { challenge, ...presented, now: at(1_000) })).toBe(false);
      expect(await stored(challenge)).toBe(0);
    }
    const usernameless = freshChallenge();
    await storeChallenge(t.db, { challenge: usernameless, purpose: 'authentication', userId: null, now: T0 });
    expect(await consumeChallenge(t.db, { challenge: usernameless, purpose: 'authentication', userId, now: at(1_000) })).toBe(false);
    expect(await stored(usernameless)).toBe(0);
  });

  it('matches a usernameless challenge with a null user', async () => {
    const challenge = freshChallenge();
    await storeChallenge(t.db, { challenge, purpose: 'authentication', userId: null, now: T0 });
    expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', userId: null, now: at(1_000) })).toBe(true);
  });

  it('lets exactly one of two concurrent consumers win', async () => {
    const challenge = freshChallenge();
    await storeChallenge(t.db, { challenge, purpose: 'authentication', userId, now: T0 });
    const results = await Promise.all([1, 2, 3].map(() => consumeChallenge(t.db, { challenge, purpose: 'authentication', userId, now: at(1_000) })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses unknown and malformed challenges without touching the database', async () => {
    for (const challenge of ['', 'short', 'x'.repeat(500), "' OR 1=1 --", freshChallenge()]) {
      expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', userId, now: T0 })).toBe(false);
    }
  });

  it('prunes only expired challenges', async () => {
    const prunedAt = at(10 * CHALLENGE_TTL_MS);
    const old = freshChallenge();
    const fresh = freshChallenge();
    await storeChallenge(t.db, { challenge: old, purpose: 'registration', userId, now: at(8 * CHALLENGE_TTL_MS) });
    await storeChallenge(t.db, { challenge: fresh, purpose: 'registration', userId, now: at(9 * CHALLENGE_TTL_MS + 1) });
    expect(await pruneChallenges(t.db, prunedAt)).toBeGreaterThanOrEqual(1);
    expect(await stored(old)).toBe(0);
    expect(await stored(fresh)).toBe(1);
  });
});
