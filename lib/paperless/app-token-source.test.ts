import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../crypto';
import { AddressGuard } from '../regulation/address-guard';
import { SessionCache } from '../verify/session-cache';
import { APP_TOKEN_TOUCH_INTERVAL_MS, createAppTokenLookup, toAppTokenSession, type AppTokenRow } from './app-token-source';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const REAL = 'f'.repeat(40);
const open = (sealed: string) =>
  sealed === 'sealed-ok'
    ? REAL
    : sealed === 'sealed-odd'
      ? 'not-a-token'
      : (() => {
          throw new Error('bad tag');
        })();

const row = (over: Partial<AppTokenRow> = {}): AppTokenRow => ({
  tokenId: 't1',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  userId: 'u1',
  username: 'zoë',
  displayName: 'Zoë',
  email: 'zoe@example.test',
  status: 'active',
  groups: ['family'],
  realToken: 'sealed-ok',
  paperlessUrl: 'https://paperless.example.test',
  ...over,
});

describe('toAppTokenSession', () => {
  it('gives a two-factor identity with the real token for the proxy, only for the Paperless host', () => {
    const session = toAppTokenSession(row(), NOW, open)!;
    expect(session.level).toBe('two_factor');
    expect(session.grant!.onlyHost).toBe('paperless.example.test');
    expect(session.user.username).toBe('zoë');
    expect(session.grant!.upstream!['auth-request']).toMatchObject({ 'X-Paperless-Authorization': `Token ${REAL}` });
    // nginx copies X-Paperless-Authorization; Traefik (forward auth) only copies headers by their own name.
    expect(session.grant!.upstream!['auth-request'].Authorization).toBeUndefined();
    expect(session.grant!.upstream!['forward-auth']).toMatchObject({ 'X-Paperless-Authorization': `Token ${REAL}`, Authorization: `Token ${REAL}` });
  });

  it('prefers the configured Paperless URL to the saved one', () => {
    expect(toAppTokenSession(row(), NOW, open, 'http://docs.internal:8000')!.grant!.onlyHost).toBe('docs.internal');
  });

  it.each([
    ['no row', null],
    ['revoked', row({ revokedAt: new Date(NOW - 1) })],
    ['expired (boundary)', row({ expiresAt: new Date(NOW) })],
    ['disabled user', row({ status: 'disabled' })],
    ['pending user', row({ status: 'pending' })],
    ['unknown status', row({ status: 'weird' })],
    ['no real token yet', row({ realToken: null })],
    ['a real token that does not decrypt', row({ realToken: 'sealed-tampered' })],
    ['a decrypted value that is not a Paperless key', row({ realToken: 'sealed-odd' })],
    ['no Paperless URL known', row({ paperlessUrl: null })],
    ['an unreadable Paperless URL', row({ paperlessUrl: 'not a url' })],
  ])('refuses: %s', (_name, input) => {
    expect(toAppTokenSession(input, NOW, open)).toBeNull();
  });

  it('accepts a token one millisecond before it expires', () => {
    expect(toAppTokenSession(row({ expiresAt: new Date(NOW + 1) }), NOW, open)).not.toBeNull();
  });
});

describe('createAppTokenLookup', () => {
  const TOKEN = 'a'.repeat(40);
  function setup(found: AppTokenRow | null | Error) {
    const cache = new SessionCache(120_000);
    const lookup = vi.fn(async (hash: string) => {
      expect(hash).toBe(sha256Hex(TOKEN));
      if (found instanceof Error) throw found;
      return found;
    });
    const touch = vi.fn();
    return { cache, lookup, touch, source: createAppTokenLookup({ cache, lookup, touch, openRealToken: open }) };
  }

  it('asks the database once, then answers from the cache synchronously', async () => {
    const t = setup(row());
    const first = await t.source(TOKEN, NOW);
    expect(first?.user.username).toBe('zoë');
    const second = t.source(TOKEN, NOW + 1000);
    expect(second).not.toBeInstanceOf(Promise);
    expect(t.lookup).toHaveBeenCalledTimes(1);
  });

  it('remembers unknown tokens too, so a flood of guesses is not a flood of queries', async () => {
    const t = setup(null);
    expect(await t.source(TOKEN, NOW)).toBeNull();
    expect(t.source(TOKEN, NOW + 1)).toBeNull();
    expect(t.lookup).toHaveBeenCalledTimes(1);
  });

  it('notes "last used" at most once a minute', async () => {
    const t = setup(row({ lastUsedAt: new Date(NOW - 5_000) }));
    await t.source(TOKEN, NOW);
    expect(t.touch).not.toHaveBeenCalled();
    t.source(TOKEN, NOW + APP_TOKEN_TOUCH_INTERVAL_MS - 5_001);
    expect(t.touch).not.toHaveBeenCalled();
    t.source(TOKEN, NOW + APP_TOKEN_TOUCH_INTERVAL_MS - 5_000);
    expect(t.touch).toHaveBeenCalledTimes(1);
    t.source(TOKEN, NOW + APP_TOKEN_TOUCH_INTERVAL_MS);
    expect(t.touch).toHaveBeenCalledTimes(1);
  });

  it('stops a cached token at its expiry without asking the database', async () => {
    const t = setup(row({ expiresAt: new Date(NOW + 2_000) }));
    expect(await t.source(TOKEN, NOW)).not.toBeNull();
    expect(t.source(TOKEN, NOW + 2_000)).toBeNull();
  });

  it('forgets a revoked token at once', async () => {
    const t = setup(row());
    await t.source(TOKEN, NOW);
    t.cache.forget([sha256Hex(TOKEN)]);
    await t.source(TOKEN, NOW + 1);
    expect(t.lookup).toHaveBeenCalledTimes(2);
  });

  describe('regulation per client address', () => {
    const POLICY = { maxFailures: 3, windowMs: 60_000, banMs: 600_000 };
    function guarded(rows: Record<string, AppTokenRow | null>) {
      const cache = new SessionCache(120_000);
      const guard = new AddressGuard(POLICY);
      const lookup = vi.fn(async (hash: string) => rows[hash] ?? null);
      const source = createAppTokenLookup({ cache, guard, lookup, touch: vi.fn(), openRealToken: open });
      return { guard, lookup, source };
    }
    const token = (n: number) => n.toString(16).padStart(40, '0');
    const from = (ip: string | null) => () => ip;

    it('bans the address after distinct unknown tokens; then even a valid, cached token from it is refused unread', async () => {
      const t = guarded({ [sha256Hex(TOKEN)]: row() });
      expect(await t.source(TOKEN, NOW, from('192.0.2.1'))).not.toBeNull();
      for (let i = 1; i <= 3; i++) expect(await t.source(token(i), NOW + i, from('203.0.113.5'))).toBeNull();
      expect(t.guard.isBanned('203.0.113.5', NOW + 3)).toBe(true);
      const lookups = t.lookup.mock.calls.length;
      // The right token from the banned address: refused, and neither the cache nor the database is asked.
      expect(t.source(TOKEN, NOW + 4, from('203.0.113.5'))).toBeNull();
      expect(t.source(token(99), NOW + 4, from('203.0.113.5'))).toBeNull();
      expect(t.lookup.mock.calls.length).toBe(lookups);
      // Another address is untouched.
      expect(t.source(TOKEN, NOW + 5, from('192.0.2.1'))).not.toBeNull();
    });

    it('does not count revoked or expired tokens (they existed), nor a token whose address is unknown', async () => {
      const revoked = token(1);
      const expired = token(2);
      const t = guarded({ [sha256Hex(revoked)]: row({ revokedAt: new Date(NOW - 1) }), [sha256Hex(expired)]: row({ expiresAt: new Date(NOW - 1) }) });
      for (let i = 0; i < 5; i++) {
        expect(await t.source(revoked, NOW + i * 200_000, from('192.0.2.9'))).toBeNull();
        expect(await t.source(expired, NOW + i * 200_000, from('192.0.2.9'))).toBeNull();
      }
      for (let i = 10; i < 20; i++) expect(await t.source(token(i), NOW, from(null))).toBeNull();
      for (let i = 20; i < 30; i++) expect(await t.source(token(i), NOW)).toBeNull();
      expect(t.guard.hasPending).toBe(false);
      expect(t.guard.isBanned('192.0.2.9', NOW + 1_000_000)).toBe(false);
    });

    it('counts a cached unknown token once (an app retrying one mistyped token)', async () => {
      const t = guarded({});
      for (let i = 0; i < 10; i++) expect(await t.source(token(7), NOW + i, from('192.0.2.4'))).toBeNull();
      expect(t.guard.drain()).toEqual([{ ip: '192.0.2.4', count: 1, at: NOW }]);
    });
  });

  it('passes a database failure on (the caller answers 503, not 200)', async () => {
    const t = setup(new Error('database down'));
    await expect(t.source(TOKEN, NOW)).rejects.toThrow('database down');
  });
});
