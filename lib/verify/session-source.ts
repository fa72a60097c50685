/**
 * The portal's session cookie as a credential source (credential-source.ts): the last one asked,
 * it claims every request the sources before it left. Cached sessions cost no database work; a
 * miss costs one indexed query (session-store.ts). Every session passes the account gate before
 * it is trusted.
 *
 * Two or more cookies of the session cookie's name are no session at all, whatever their
 * validity: a sibling subdomain can toss a cookie for the cookie domain (with a longer Path, so
 * it is sent first), and "the first valid one wins" would let it choose whose session is used.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import { isWellFormedSessionToken, sessionState, SESSION_TOUCH_INTERVAL_MS } from '../sessions/session-policy';
import type { Authentication, CredentialSource } from './credential-source';
import type { SessionRow } from './session-store';
import type { CachedSession, SessionCache } from './session-cache';

export type SessionSource = {
  cache: SessionCache;
  lookup(tokenHash: string): Promise<SessionRow | null>;
  /** Records "last seen" later, off the request path. */
  touch(sessionId: string, at: Date): void;
  idleTimeoutMs: number;
  cookieName: string;
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

/** The session cookie's source: claims every request, so it goes last. */
export function sessionCredentialSource(source: SessionSource): CredentialSource {
  return {
    claims: () => true,
    authenticate: (request, now) => authenticateSession(request.sessionCookies, source, now),
  };
}

/**
 * Answers synchronously when everything it needs is cached (the common case, and the cheapest:
 * no promise, no microtask) and returns a promise only when the database must be asked.
 */
export function authenticateSession(cookies: readonly string[], source: SessionSource, now: number): Authentication | Promise<Authentication> {
  if (cookies.length === 0) return { status: 'anonymous', reason: 'no-cookie' };
  if (cookies.length > 1) return { status: 'anonymous', reason: 'duplicate-session-cookies' };
  const token = cookies[0]!;
  if (!isWellFormedSessionToken(token)) return { status: 'anonymous', reason: 'invalid-session' };
  const cached = source.cache.get(token, now);
  if (cached === undefined) return lookupSession(token, source, now);
  return accept(cached, source, now) ?? { status: 'anonymous', reason: 'invalid-session' };
}

async function lookupSession(token: string, source: SessionSource, now: number): Promise<Authentication> {
  let session: CachedSession | null;
  try {
    // Only the hash is stored in (and asked of) the database.
    const hash = sha256Hex(token);
    const epoch = source.cache.epoch;
    const row = await source.lookup(hash);
    session = row ? toCached(row, now, source.idleTimeoutMs) : null;
    source.cache.set(token, hash, session, now, epoch);
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
