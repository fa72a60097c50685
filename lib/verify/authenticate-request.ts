/**
 * Who is asking, for the verify endpoint: a device token (Authorization: Token …), else the
 * session cookie, else nobody. Cached sessions cost no database work; a miss costs one indexed
 * query (lookup-session.ts). Every session passes the account gate before it is trusted.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import { isWellFormedSessionToken, sessionState, SESSION_TOUCH_INTERVAL_MS } from '../sessions/session-policy';
import type { SessionRow } from './lookup-session';
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
   * Device tokens (Paperless mobile apps) plug in here; until they exist every token is
   * unknown, so a request carrying one is refused rather than judged by its cookie.
   */
  deviceToken?: (token: string) => Promise<CachedSession | null>;
};

/** At most this many cookies of our name are tried (a browser may hold a host and a domain cookie). */
const MAX_CANDIDATES = 4;

export function sessionCookieValues(cookieHeader: string | null, name: string): string[] {
  if (!cookieHeader) return [];
  const values: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
    if (values.length === MAX_CANDIDATES) break;
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

export async function authenticateRequest(
  input: { authorization: string | null; cookie: string | null },
  source: SessionSource,
  now: number,
): Promise<Authentication> {
  const auth = input.authorization?.trim();
  if (auth && /^token(\s|$)/i.test(auth)) {
    const token = /^Token ([0-9a-f]{40})$/.exec(auth)?.[1];
    const session = token && source.deviceToken ? await source.deviceToken(token) : null;
    return session ? { status: 'ok', session } : { status: 'invalid-token' };
  }

  const candidates = sessionCookieValues(input.cookie, source.cookieName).filter(isWellFormedSessionToken);
  if (candidates.length === 0) return { status: 'anonymous', reason: input.cookie?.includes(`${source.cookieName}=`) ? 'invalid-session' : 'no-cookie' };
  let unavailable = false;
  for (const token of candidates) {
    const hash = sha256Hex(token);
    let session = source.cache.get(hash, now);
    if (session === undefined) {
      try {
        const row = await source.lookup(hash);
        session = row ? toCached(row, now, source.idleTimeoutMs) : null;
        source.cache.set(hash, session, now);
      } catch {
        unavailable = true;
        continue;
      }
    }
    if (!session || !stillActive(session, now, source.idleTimeoutMs)) continue;
    if (now - session.lastSeenAt >= SESSION_TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      source.touch(session.sessionId, new Date(now));
    }
    return { status: 'ok', session };
  }
  return unavailable ? { status: 'unavailable' } : { status: 'anonymous', reason: 'invalid-session' };
}
