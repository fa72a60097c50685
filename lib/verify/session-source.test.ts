import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../crypto';
import { authenticateSession, type SessionSource } from './session-source';
import { splitCookieHeader } from './cookie-header';
import type { SessionRow } from './session-store';
import { sessionRow } from '../../test/support/verify-harness';
import { SessionCache } from './session-cache';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const TOKEN = 'a'.repeat(43);
const OTHER = 'b'.repeat(43);

const row = sessionRow;

function source(rows: Record<string, SessionRow | Error>, over: Partial<SessionSource> = {}) {
  const lookup = vi.fn(async (hash: string) => {
    const found = Object.entries(rows).find(([token]) => sha256Hex(token) === hash)?.[1];
    if (found instanceof Error) throw found;
    return found ?? null;
  });
  const touch = vi.fn();
  const value: SessionSource = { cache: new SessionCache(10_000), lookup, touch, idleTimeoutMs: 12 * 3_600_000, cookieName: 'gatehouse_session', ...over };
  return { value, lookup, touch };
}

const cookie = (value: string) => `theme=dark; gatehouse_session=${value}; other=1`;
/** What the verify endpoint hands over: the session cookie's values from a Cookie header. */
const sessions = (header: string | null) => splitCookieHeader(header, 'gatehouse_session').sessions;

describe('authenticateSession', () => {
  it('is anonymous without a cookie', async () => {
    const { value, lookup } = source({});
    expect(await authenticateSession(sessions('theme=dark'), value, NOW)).toEqual({ status: 'anonymous', reason: 'no-cookie' });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('looks a session up once, then serves it from the cache', async () => {
    const { value, lookup } = source({ [TOKEN]: row() });
    for (let i = 0; i < 5; i++) {
      const result = await authenticateSession(sessions(cookie(TOKEN)), value, NOW + i);
      expect(result.status === 'ok' && result.session.user.username).toBe('anna');
    }
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('refuses revoked, expired, idle and non-active sessions, and remembers the refusal', async () => {
    const cases: Record<string, SessionRow> = {
      ['c'.repeat(43)]: row({ revokedAt: new Date(NOW - 1) }),
      ['d'.repeat(43)]: row({ expiresAt: new Date(NOW) }),
      ['e'.repeat(43)]: row({ lastSeenAt: new Date(NOW - 13 * 3_600_000) }),
      ['f'.repeat(43)]: row({ status: 'disabled' }),
      ['g'.repeat(43)]: row({ status: 'pending' }),
      ['h'.repeat(43)]: row({ status: 'ACTIVE' }),
    };
    const { value, lookup } = source(cases);
    for (const token of Object.keys(cases)) {
      expect(await authenticateSession(sessions(cookie(token)), value, NOW)).toEqual({ status: 'anonymous', reason: 'invalid-session' });
      expect(await authenticateSession(sessions(cookie(token)), value, NOW + 1)).toEqual({ status: 'anonymous', reason: 'invalid-session' });
    }
    expect(lookup).toHaveBeenCalledTimes(Object.keys(cases).length);
  });

  it('never queries for a malformed cookie', async () => {
    const { value, lookup } = source({});
    for (const bad of ['', 'short', "' OR 1=1 --", 'a'.repeat(44), `${'a'.repeat(42)}!`, 'x'.repeat(16_384)]) {
      expect((await authenticateSession(sessions(cookie(bad)), value, NOW)).status).toBe('anonymous');
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it('is anonymous with two or more session cookies, whatever their validity (a tossed or stale duplicate), without a lookup', async () => {
    const { value, lookup } = source({ [TOKEN]: row(), [OTHER]: row({ sessionId: 's2' }) });
    expect((await authenticateSession(sessions(cookie(TOKEN)), value, NOW)).status).toBe('ok');
    lookup.mockClear();
    for (const header of [
      `gatehouse_session=${TOKEN}; gatehouse_session=${OTHER}`,
      `gatehouse_session=${TOKEN}; gatehouse_session=${TOKEN}`,
      `gatehouse_session=junk; a=1; gatehouse_session=${TOKEN}`,
      `gatehouse_session=${TOKEN};gatehouse_session=`,
    ]) {
      expect(await authenticateSession(sessions(header), value, NOW)).toEqual({ status: 'anonymous', reason: 'duplicate-session-cookies' });
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it('says "unavailable" when the database fails for an uncached session, but keeps serving cached ones', async () => {
    const rows: Record<string, SessionRow | Error> = { [TOKEN]: row() };
    const { value } = source(rows);
    expect((await authenticateSession(sessions(cookie(TOKEN)), value, NOW)).status).toBe('ok');
    rows[TOKEN] = new Error('connection refused');
    rows[OTHER] = new Error('connection refused');
    expect((await authenticateSession(sessions(cookie(TOKEN)), value, NOW + 1)).status).toBe('ok');
    expect(await authenticateSession(sessions(cookie(OTHER)), value, NOW + 1)).toEqual({ status: 'unavailable' });
    // Past the cache lifetime, the known session is refused too.
    expect(await authenticateSession(sessions(cookie(TOKEN)), value, NOW + 10_001)).toEqual({ status: 'unavailable' });
  });

  it('notes "last seen" at most once a minute, off the request path', async () => {
    const stored = row({ lastSeenAt: new Date(NOW - 61_000) });
    const { value, touch } = source({ [TOKEN]: stored });
    // The real touch writes the database soon after; model that, so a later lookup sees it.
    touch.mockImplementation((_id: string, at: Date) => void (stored.lastSeenAt = at));
    const at = (offset: number) => authenticateSession(sessions(cookie(TOKEN)), value, NOW + offset);
    await at(0);
    await at(5_000);
    await at(30_000);
    expect(touch).toHaveBeenCalledTimes(1);
    await at(60_000);
    expect(touch).toHaveBeenCalledTimes(2);
  });
});
