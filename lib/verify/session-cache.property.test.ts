import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto';
import { sessionRow } from '../../test/support/verify-harness';
import { SessionCache, type CachedSession } from './session-cache';
import type { Authentication } from './credential-source';
import { authenticateSession, type SessionSource } from './session-source';
import type { SessionRow } from './session-store';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const TTL = 10_000;
/** 12 well-formed session tokens (43 base64url characters); token i belongs to user i % 3. */
const TOKENS = Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(97 + i).repeat(42)}${i % 10}`);
const HASHES = TOKENS.map((token) => sha256Hex(token));
const userOf = (i: number) => `u${i % 3}`;

const session = (i: number): CachedSession => ({
  sessionId: `s${i}`,
  level: 'one_factor',
  expiresAt: NOW + 3_600_000,
  lastSeenAt: NOW,
  user: { id: userOf(i), username: `user${i % 3}`, displayName: 'User', email: 'user@example.test', groups: [] },
});

const cacheOp = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), token: fc.nat(11), valid: fc.boolean() }),
  fc.record({ kind: fc.constant('get' as const), token: fc.nat(11) }),
  fc.record({ kind: fc.constant('forget' as const), token: fc.nat(11) }),
  fc.record({ kind: fc.constant('forgetUser' as const), user: fc.nat(2) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.nat(2 * TTL) }),
);

type CacheOp = typeof cacheOp extends fc.Arbitrary<infer T> ? T : never;

/** One generated operation on the cache; returns the clock after it. */
function apply(cache: SessionCache, op: Exclude<CacheOp, { kind: 'get' }>, now: number): number {
  if (op.kind === 'set') cache.set(TOKENS[op.token]!, HASHES[op.token]!, op.valid ? session(op.token) : null, now);
  else if (op.kind === 'forget') cache.forget([HASHES[op.token]!]);
  else if (op.kind === 'forgetUser') cache.forgetUsers([`u${op.user}`]);
  else return now + op.ms;
  return now;
}

describe('SessionCache under generated input', () => {
  it('never holds more than its maximum, and answers a token only with its own session, whatever is stored, read, forgotten or expired', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(cacheOp, { maxLength: 200 }), (max, ops) => {
        const cache = new SessionCache(TTL, max);
        let now = NOW;
        for (const op of ops) {
          if (op.kind === 'get') {
            const found = cache.get(TOKENS[op.token]!, now);
            if (found) expect(found.sessionId).toBe(`s${op.token}`);
          } else now = apply(cache, op, now);
          expect(cache.size).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('rejects a maximum that is not a positive whole number', () => {
    expect(() => new SessionCache(TTL, 0)).toThrow(RangeError);
    expect(() => new SessionCache(TTL, 1.5)).toThrow(RangeError);
  });
});

/**
 * The session source over a database whose answers arrive when the test says (`finish`), so
 * lookups overlap revocations in every order; a small cache, so entries are evicted all the time.
 */
const flowOp = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('verify' as const), token: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), token: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revokeUser' as const), user: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.nat(TTL) }) },
);

describe('eviction and revocation', () => {
  it('a revoked session stays refused: no cached entry, evicted or stale, turns the refusal into an allow', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(flowOp, { maxLength: 120 }), async (max, ops) => {
        const revoked = new Set<number>();
        const waiting: Array<() => void> = [];
        const answers: Array<Promise<void>> = [];
        let now = NOW;
        const source: SessionSource = {
          cache: new SessionCache(TTL, max),
          cookieName: 'gatehouse_session',
          idleTimeoutMs: 12 * 3_600_000,
          touch: () => undefined,
          // The row is read when the lookup starts; the answer arrives at `finish`.
          lookup: (hash) => {
            const i = HASHES.indexOf(hash);
            const row: SessionRow = sessionRow({
              sessionId: `s${i}`,
              userId: userOf(i),
              expiresAt: new Date(NOW + 3_600_000),
              lastSeenAt: new Date(now),
              revokedAt: revoked.has(i) ? new Date(now) : null,
            });
            return new Promise((resolve) => waiting.push(() => resolve(row)));
          },
        };
        const expectRefusedIfRevokedBefore = (i: number, revokedBefore: boolean, auth: Authentication) => {
          if (revokedBefore) expect(auth.status, `token ${i} was revoked before this check`).not.toBe('ok');
        };
        const revoke = (tokens: number[], event: () => void) => {
          for (const i of tokens) revoked.add(i);
          event(); // the revocation event, after the change is committed
        };
        for (const op of ops) {
          if (op.kind === 'verify') {
            const before = revoked.has(op.token);
            const auth = authenticateSession([TOKENS[op.token]!], source, now);
            if (auth instanceof Promise) answers.push(auth.then((done) => expectRefusedIfRevokedBefore(op.token, before, done)));
            else expectRefusedIfRevokedBefore(op.token, before, auth);
          } else if (op.kind === 'revoke') revoke([op.token], () => source.cache.forget([HASHES[op.token]!]));
          else if (op.kind === 'revokeUser') {
            const tokens = TOKENS.flatMap((_, i) => (userOf(i) === `u${op.user}` ? [i] : []));
            revoke(tokens, () => source.cache.forgetUsers([`u${op.user}`]));
          } else if (op.kind === 'finish' && waiting.length > 0) waiting.splice(op.pick % waiting.length, 1)[0]!();
          else if (op.kind === 'tick') now += op.ms;
          expect(source.cache.size).toBeLessThanOrEqual(max);
          await Promise.resolve();
        }
        for (const finish of waiting.splice(0)) finish();
        await Promise.all(answers);
        // Afterwards every revoked session is refused, from the cache or from the database.
        for (const i of revoked) {
          const auth = authenticateSession([TOKENS[i]!], source, now);
          if (auth instanceof Promise) {
            const pending = auth.then((done) => expect(done.status).not.toBe('ok'));
            for (const finish of waiting.splice(0)) finish();
            await pending;
          } else expect(auth.status).not.toBe('ok');
        }
      }),
    );
  });
});
