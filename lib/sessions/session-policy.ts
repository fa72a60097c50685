/**
 * Pure rules for session lifetimes: absolute expiry, inactivity timeout, and how often
 * "last seen" is written (at most once a minute, so a busy user does not write on every request).
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** 256 random bits, base64url: what a session cookie must look like before any lookup. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type AuthLevel = 'one_factor' | 'two_factor';

export type SessionTimes = {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

export type SessionState = 'active' | 'revoked' | 'expired' | 'idle';

export function sessionState(session: SessionTimes, now: Date, idleTimeoutMs: number): SessionState {
  if (session.revokedAt) return 'revoked';
  if (session.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (session.lastSeenAt.getTime() + idleTimeoutMs <= now.getTime()) return 'idle';
  return 'active';
}

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS;
}

export function sessionExpiry(now: Date, maxAgeMs: number): Date {
  return new Date(now.getTime() + maxAgeMs);
}

/** When the session stops working if nothing else happens: the earlier of expiry and idle cut-off. */
export function effectiveEnd(session: SessionTimes, idleTimeoutMs: number): Date {
  return new Date(Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + idleTimeoutMs));
}

export function isWellFormedSessionToken(token: string | undefined | null): token is string {
  return typeof token === 'string' && SESSION_TOKEN_PATTERN.test(token);
}
