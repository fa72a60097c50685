/**
 * Who is asking, for the verify endpoint: a device token (Authorization: Token …), else the
 * session cookie, else nobody. Cached sessions cost no database work; a miss costs one indexed
 * query (session-store.ts). Every session passes the account gate before it is trusted.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import { isWellFormedSessionToken, sessionState, SESSION_TOUCH_INTERVAL_MS } from '../sessions/session-policy';
import type { SessionRow } from './session-store';
import type { CachedSession, SessionCache } from './session-cache';

export type Authentication =
  | { status: 'anonymous'; reason: 'no-cookie' | 'invalid-session' }
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

/** At most this many cookies of our name are tried (a browser may hold a host and a domain cookie). */
const MAX_CANDIDATES = 4;

export function sessionCookieValues(cookieHeader: string | null, name: string): string[] {
  const values: string[] = [];
  if (!cookieHeader) return values;
  // A scan rather than split(): this runs on every proxied request.
  let at = 0;
  while (at < cookieHeader.length && values.length < MAX_CANDIDATES) {
    const end = cookieHeader.indexOf(';', at);
    const stop = end < 0 ? cookieHeader.length : end;
    const eq = cookieHeader.indexOf('=', at);
    if (eq >= 0 && eq < stop && cookieHeader.slice(at, eq).trim() === name) values.push(cookieHeader.slice(eq + 1, stop).trim());
    at = stop + 1;
  }
  return values;
}

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
  input: { authorization: string | null; cookie: string | null; authorizationCount?: number; clientIp?: () => string | null },
  source: SessionSource,
  now: number,
): Authentication | Promise<Authentication> {
  const auth = input.authorization;
  // Two Authorization headers: which one would the app behind the proxy believe? Neither.
  if (auth !== null && (input.authorizationCount ?? 1) > 1) return { status: 'invalid-token' };
  if (auth && /^\s*token(\s|$)/i.test(auth)) return authenticateToken(auth, source, now, input.clientIp);
  const candidates = sessionCookieValues(input.cookie, source.cookieName).filter(isWellFormedSessionToken);
  if (candidates.length === 0) return { status: 'anonymous', reason: input.cookie?.includes(`${source.cookieName}=`) ? 'invalid-session' : 'no-cookie' };
  return checkCandidates(candidates, 0, false, source, now);
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

function checkCandidates(candidates: string[], start: number, unavailable: boolean, source: SessionSource, now: number): Authentication | Promise<Authentication> {
  for (let i = start; i < candidates.length; i++) {
    const cached = source.cache.get(candidates[i]!, now);
    if (cached === undefined) return lookupAndContinue(candidates, i, unavailable, source, now);
    const accepted = accept(cached, source, now);
    if (accepted) return accepted;
  }
  return unavailable ? { status: 'unavailable' } : { status: 'anonymous', reason: 'invalid-session' };
}

async function lookupAndContinue(candidates: string[], index: number, unavailable: boolean, source: SessionSource, now: number): Promise<Authentication> {
  let session: CachedSession | null;
  try {
    // Only the hash is stored in (and asked of) the database.
    const hash = sha256Hex(candidates[index]!);
    const row = await source.lookup(hash);
    session = row ? toCached(row, now, source.idleTimeoutMs) : null;
    source.cache.set(candidates[index]!, hash, session, now);
  } catch {
    return checkCandidates(candidates, index + 1, true, source, now);
  }
  return accept(session, source, now) ?? checkCandidates(candidates, index + 1, unavailable, source, now);
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
