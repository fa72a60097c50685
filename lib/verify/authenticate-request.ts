/**
 * Who is asking, for the verify endpoint: a device token (Authorization: Token …), else the
 * session cookie, else nobody. Cached sessions cost no database work; a miss costs one indexed
 * query (session-store.ts). Every session passes the account gate before it is trusted.
 *
 * Two or more cookies of the session cookie's name are no session at all, whatever their
 * validity: a sibling subdomain can toss a cookie for the cookie domain (with a longer Path, so
 * it is sent first), and "the first valid one wins" would let it choose whose session is used.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import { isWellFormedSessionToken, sessionState, SESSION_TOUCH_INTERVAL_MS } from '../sessions/session-policy';
import type { SessionRow } from './session-store';
import type { CachedSession, SessionCache } from './session-cache';

export type Authentication =
  | { status: 'anonymous'; reason: 'no-cookie' | 'invalid-session' | 'duplicate-session-cookies' }
  | { status: 'ok'; session: CachedSession }
  /** An Authorization: Token header that is malformed or unknown: 401, never a fall-through. */
  | { status: 'invalid-token' }
  /** The database could not be asked about an uncached session: refuse (503). */
  | { status: 'unavailable' };

export type SessionSource = {
  cache: SessionCache;
  lookup(tokenHash: string): Promise<SessionRow | null>;
  /** Records "last seen" later, off the request path. */
  touch(sessionId: string, at: Date): void;
  idleTimeoutMs: number;
  cookieName: string;
  /**
   * Device tokens (Paperless mobile apps, lib/verify/device-token-source.ts). Without it every
   * token is unknown: a request carrying one is refused rather than judged by its cookie.
   * Throws (or rejects) when the database cannot be asked.
   */
  deviceToken?: (token: string, now: number, clientIp?: () => string | null) => CachedSession | null | Promise<CachedSession | null>;
};

function toCached(row: SessionRow, now: number, idleTimeoutMs: number): CachedSession | null {
  if (sessionState(row, new Date(now), idleTimeoutMs) !== 'active') return null;
  if (!accountGate(row).ok) return null;
  return {
    sessionId: row.sessionId,
    level: row.level === 'two_factor' ? 'two_factor' : 'one_factor',
    expiresAt: row.expiresAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
    user: { id: row.userId, username: row.username, displayName: row.displayName, email: row.email, groups: row.groups },
  };
}

function stillActive(session: CachedSession, now: number, idleTimeoutMs: number): boolean {
  return session.expiresAt > now && session.lastSeenAt + idleTimeoutMs > now;
}

/**
 * Answers synchronously when everything it needs is cached (the common case, and the cheapest:
 * no promise, no microtask) and returns a promise only when the database must be asked.
 */
export function authenticateRequest(
  input: {
    authorization: string | null;
    /** The session cookie's values (lib/verify/cookie-header.ts splitCookieHeader). */
    sessionCookies: readonly string[];
    authorizationCount?: number;
    clientIp?: () => string | null;
  },
  source: SessionSource,
  now: number,
): Authentication | Promise<Authentication> {
  const auth = input.authorization;
  // Two Authorization headers: which one would the app behind the proxy believe? Neither.
  if (auth !== null && (input.authorizationCount ?? 1) > 1) return { status: 'invalid-token' };
  if (auth && /^\s*token(\s|$)/i.test(auth)) return authenticateToken(auth, source, now, input.clientIp);
  const cookies = input.sessionCookies;
  if (cookies.length === 0) return { status: 'anonymous', reason: 'no-cookie' };
  if (cookies.length > 1) return { status: 'anonymous', reason: 'duplicate-session-cookies' };
  const token = cookies[0]!;
  if (!isWellFormedSessionToken(token)) return { status: 'anonymous', reason: 'invalid-session' };
  const cached = source.cache.get(token, now);
  if (cached === undefined) return lookupSession(token, source, now);
  return accept(cached, source, now) ?? { status: 'anonymous', reason: 'invalid-session' };
}

/**
 * `Token <40 lower-case hex>`, exactly: the keyword in any case (as Paperless's DRF accepts it),
 * one space, nothing around. Extra spaces, another scheme, a short, long or non-hex key: 401.
 */
const TOKEN_HEADER = /^[Tt][Oo][Kk][Ee][Nn] ([0-9a-f]{40})$/;

function authenticateToken(header: string, source: SessionSource, now: number, clientIp?: () => string | null): Authentication | Promise<Authentication> {
  const token = TOKEN_HEADER.exec(header)?.[1];
  if (!token || !source.deviceToken) return { status: 'invalid-token' };
  let found: CachedSession | null | Promise<CachedSession | null>;
  try {
    found = source.deviceToken(token, now, clientIp);
  } catch {
    return { status: 'unavailable' };
  }
  if (found instanceof Promise) return found.then((session) => (session ? { status: 'ok', session } : { status: 'invalid-token' }), () => ({ status: 'unavailable' }));
  return found ? { status: 'ok', session: found } : { status: 'invalid-token' };
}

async function lookupSession(token: string, source: SessionSource, now: number): Promise<Authentication> {
  let session: CachedSession | null;
  try {
    // Only the hash is stored in (and asked of) the database.
    const hash = sha256Hex(token);
    const row = await source.lookup(hash);
    session = row ? toCached(row, now, source.idleTimeoutMs) : null;
    source.cache.set(token, hash, session, now);
  } catch {
    return { status: 'unavailable' };
  }
  return accept(session, source, now) ?? { status: 'anonymous', reason: 'invalid-session' };
}

/** A usable session (noting "last seen" at most once a minute), or null. */
function accept(session: CachedSession | null, source: SessionSource, now: number): Authentication | null {
  if (!session || !stillActive(session, now, source.idleTimeoutMs)) return null;
  if (now - session.lastSeenAt >= SESSION_TOUCH_INTERVAL_MS) {
    session.lastSeenAt = now;
    source.touch(session.sessionId, new Date(now));
  }
  return { status: 'ok', session };
}
