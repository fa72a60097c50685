/**
 * Which requests the app-token source claims (every Authorization: Token header, and any two
 * Authorization headers), and that a claimed request never falls through to the session cookie.
 */
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../crypto';
import { claimingSource, type CredentialSource } from '../verify/credential-source';
import { splitCookieHeader } from '../verify/cookie-header';
import { sessionRow } from '../../test/support/verify-harness';
import type { HeaderBag } from '../verify/headers';
import type { SessionRow } from '../verify/session-store';
import { SessionCache } from '../verify/session-cache';
import { sessionCredentialSource, type SessionSource } from '../verify/session-source';
import { appTokenSource, type AppTokenLookup } from './app-token-source';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const TOKEN = 'a'.repeat(43);

const row = sessionRow;

/** The app-token source before the session cookie's, as verify asks them (`appToken`: its lookup). */
function source(rows: Record<string, SessionRow | Error>, over: { appToken?: AppTokenLookup } = {}) {
  const lookup = vi.fn(async (hash: string) => {
    const found = Object.entries(rows).find(([token]) => sha256Hex(token) === hash)?.[1];
    if (found instanceof Error) throw found;
    return found ?? null;
  });
  const touch = vi.fn();
  const cookies: SessionSource = { cache: new SessionCache(10_000), lookup, touch, idleTimeoutMs: 12 * 3_600_000, cookieName: 'gatehouse_session' };
  const value: CredentialSource[] = [appTokenSource(over.appToken ?? (() => null)), sessionCredentialSource(cookies)];
  return { value, lookup, touch };
}

const cookie = (value: string) => `theme=dark; gatehouse_session=${value}; other=1`;
/** What the verify endpoint hands over: the session cookie's values from a Cookie header. */
const sessions = (header: string | null) => splitCookieHeader(header, 'gatehouse_session').sessions;

/** As verify asks: the first source that claims the request decides alone. */
function authenticateRequest(
  input: { authorization: string | null; sessionCookies: readonly string[]; authorizationCount?: number },
  sources: CredentialSource[],
  now: number,
) {
  const headers: HeaderBag = {
    get: (name) => (name === 'authorization' ? input.authorization : null),
    count: (name) => (name === 'authorization' && input.authorization !== null ? (input.authorizationCount ?? 1) : 0),
  };
  const request = { headers, sessionCookies: input.sessionCookies, clientIp: () => null };
  return claimingSource(sources, request)!.authenticate(request, now);
}

describe('the app-token source before the session cookie', () => {
  it('treats any Authorization: Token as a device token: unknown or malformed is invalid, never a fall-through to the cookie', async () => {
    const { value } = source({ [TOKEN]: row() });
    for (const header of ['Token 0123456789abcdef0123456789abcdef01234567', 'Token abc', 'token  0123', 'TOKEN', `Token ${'A'.repeat(40)}`]) {
      expect(await authenticateRequest({ authorization: header, sessionCookies: sessions(cookie(TOKEN)) }, value, NOW)).toEqual({ status: 'invalid-token' });
    }
  });

  it('leaves other Authorization schemes to the app (the cookie decides)', async () => {
    const { value } = source({ [TOKEN]: row() });
    expect((await authenticateRequest({ authorization: 'Basic YTpi', sessionCookies: sessions(cookie(TOKEN)) }, value, NOW)).status).toBe('ok');
  });

  it('accepts a device token when a resolver knows it', async () => {
    const { value } = source(
      {},
      {
        appToken: async (token) =>
          token === '0'.repeat(40)
            ? {
                sessionId: 'd1',
                level: 'two_factor',
                expiresAt: NOW + 1,
                lastSeenAt: NOW,
                user: { id: 'u', username: 'phone', displayName: 'P', email: 'p@x', groups: [] },
              }
            : null,
      },
    );
    const result = await authenticateRequest({ authorization: `Token ${'0'.repeat(40)}`, sessionCookies: sessions(null) }, value, NOW);
    expect(result.status === 'ok' && result.session.level).toBe('two_factor');
  });

  describe('hostile device-token headers', () => {
    const KEY = '0'.repeat(40);
    const device = {
      sessionId: 'd1',
      level: 'two_factor' as const,
      expiresAt: NOW + 1,
      lastSeenAt: NOW,
      user: { id: 'u', username: 'phone', displayName: 'P', email: 'p@x', groups: [] },
    };
    const known = () => source({ [TOKEN]: row() }, { appToken: (token) => (token === KEY ? device : null) });

    it.each([
      ['39 characters', `Token ${KEY.slice(1)}`],
      ['41 characters', `Token ${KEY}0`],
      ['non-hex', `Token ${'g'.repeat(40)}`],
      ['upper-case hex', `Token ${'A'.repeat(40)}`],
      ['two spaces', `Token  ${KEY}`],
      ['a trailing space', `Token ${KEY} `],
      ['a leading space', ` Token ${KEY}`],
      ['a tab', `Token\t${KEY}`],
      ['two keys', `Token ${KEY} ${KEY}`],
      ['no key', 'Token'],
      ['a comma-joined pair', `Token ${KEY}, Token ${KEY}`],
    ])('%s: invalid, never the cookie', async (_name, header) => {
      const { value } = known();
      expect(await authenticateRequest({ authorization: header, sessionCookies: sessions(cookie(TOKEN)) }, value, NOW)).toEqual({ status: 'invalid-token' });
    });

    it('the keyword in any case, as Paperless accepts it', async () => {
      const { value } = known();
      for (const keyword of ['Token', 'token', 'TOKEN'])
        expect((await authenticateRequest({ authorization: `${keyword} ${KEY}`, sessionCookies: sessions(null) }, value, NOW)).status).toBe('ok');
    });

    it('two Authorization headers are refused even when the first is valid', async () => {
      const { value } = known();
      expect(await authenticateRequest({ authorization: `Token ${KEY}`, authorizationCount: 2, sessionCookies: sessions(cookie(TOKEN)) }, value, NOW)).toEqual({
        status: 'invalid-token',
      });
    });

    it('Bearer is not a device token: the cookie decides, the bearer value is never looked up', async () => {
      const appToken = vi.fn(() => device);
      const { value } = source({ [TOKEN]: row() }, { appToken });
      expect((await authenticateRequest({ authorization: `Bearer ${KEY}`, sessionCookies: sessions(cookie(TOKEN)) }, value, NOW)).status).toBe('ok');
      expect(await authenticateRequest({ authorization: `Bearer ${KEY}`, sessionCookies: sessions(null) }, value, NOW)).toEqual({
        status: 'anonymous',
        reason: 'no-cookie',
      });
      expect(appToken).not.toHaveBeenCalled();
    });

    it('a device-token store that cannot answer is "unavailable" (503), not "invalid"', async () => {
      const { value } = source({}, { appToken: () => Promise.reject(new Error('database down')) });
      expect(await authenticateRequest({ authorization: `Token ${KEY}`, sessionCookies: sessions(null) }, value, NOW)).toEqual({ status: 'unavailable' });
      const { value: closed } = source(
        {},
        {
          appToken: () => {
            throw new Error('not open yet');
          },
        },
      );
      expect(await authenticateRequest({ authorization: `Token ${KEY}`, sessionCookies: sessions(null) }, closed, NOW)).toEqual({ status: 'unavailable' });
    });
  });
});
