/**
 * Device tokens on the verify endpoint: `Authorization: Token <40 hex>` from a Paperless app.
 * A cached token costs no database work and no decryption; a miss costs one indexed query (the
 * token's hash with its user, groups and sealed real token). The answer carries the user's real
 * Paperless token for the proxy to put in the upstream Authorization header. Anything wrong —
 * unknown, revoked, expired, inactive account, no real token, a real token that does not
 * decrypt — is "no session": 401, fail closed.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import type { CachedSession, SessionCache } from './session-cache';

export type DeviceTokenRow = {
  tokenId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  userId: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  groups: string[];
  /** Sealed; null until the real token was obtained. */
  realToken: string | null;
  /** The Paperless public URL saved by the admin (configuration may override it). */
  paperlessUrl: string | null;
};

/**
 * Answer headers that carry the user's real Paperless token: for the proxy to put on the
 * upstream request, never for the device. Sent only when the peer is a trusted proxy.
 */
export const UPSTREAM_ONLY_HEADERS: readonly string[] = ['X-Paperless-Authorization', 'Authorization'];

/** "Last used" is written at most this often per token. */
export const DEVICE_TOUCH_INTERVAL_MS = 60_000;
const NEVER = Number.MAX_SAFE_INTEGER;

/** Header values travel as bytes: the UTF-8 of a name like "Zoë", as for sessions. */
const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Pure: the cached form of a token row, or null when it must be refused. */
export function toDeviceSession(
  row: DeviceTokenRow | null,
  now: number,
  openRealToken: (sealed: string, userId: string) => string,
  configuredPaperlessUrl: string | null = null,
): CachedSession | null {
  if (!row || row.revokedAt || !row.realToken) return null;
  // A device token opens Paperless and nothing else: without a known Paperless host, nothing.
  const paperlessUrl = configuredPaperlessUrl ?? row.paperlessUrl;
  const onlyHost = paperlessUrl && URL.canParse(paperlessUrl) ? new URL(paperlessUrl).hostname.toLowerCase() : null;
  if (!onlyHost) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  if (!accountGate(row).ok) return null;
  let real: string;
  try {
    real = openRealToken(row.realToken, row.userId);
  } catch {
    return null;
  }
  if (!/^[0-9a-f]{40}$/.test(real)) return null;
  const authorization = `Token ${real}`;
  const headers = {
    'Remote-User': latin1(row.username),
    'Remote-Groups': latin1(row.groups.join(',')),
    'Remote-Name': latin1(row.displayName),
    'Remote-Email': latin1(row.email),
    'X-Paperless-Authorization': authorization,
  };
  return {
    sessionId: row.tokenId,
    // Created from a two-factor session; a lost phone is revoked, not stepped up.
    level: 'two_factor',
    onlyHost,
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : NEVER,
    lastSeenAt: row.lastUsedAt ? row.lastUsedAt.getTime() : 0,
    user: { id: row.userId, username: row.username, displayName: row.displayName, email: row.email, groups: row.groups },
    headers,
    // Traefik (forward auth) can only copy headers under their own name (authResponseHeaders);
    // nginx's auth_request answers stay one header lighter.
    forwardAuthHeaders: { ...headers, Authorization: authorization },
  };
}

/** Regulation of guesses per client address (lib/regulation/address-guard.ts). */
export type DeviceTokenGuard = {
  readonly hasBans: boolean;
  isBanned(ip: string, now: number): boolean;
  recordUnknown(ip: string, tokenHash: string, now: number): boolean;
};

export type DeviceTokenSourceDeps = {
  cache: SessionCache;
  /** Without one, nothing is regulated (unit tests of the cache). */
  guard?: DeviceTokenGuard;
  lookup(tokenHash: string): Promise<DeviceTokenRow | null>;
  touch(tokenId: string): void;
  openRealToken(sealed: string, userId: string): string;
  /** GATEHOUSE_PAPERLESS_PUBLIC_URL, which wins over the saved connection. */
  configuredPaperlessUrl?: string | null;
};

/** `clientIp` is resolved only when asked (through trusted proxies; null when unknown). */
export type DeviceTokenLookup = (token: string, now: number, clientIp?: () => string | null) => CachedSession | null | Promise<CachedSession | null>;

/**
 * A banned address is refused before the token is looked at (cached or not), so the answer is the
 * same whether the token was right. A token that was never issued counts against the address;
 * a revoked or expired one (it existed: a forgotten phone, not a guesser) does not.
 */
export function createDeviceTokenSource(deps: DeviceTokenSourceDeps): DeviceTokenLookup {
  const accept = (session: CachedSession | null, now: number): CachedSession | null => {
    if (!session || session.expiresAt <= now) return null;
    if (now - session.lastSeenAt >= DEVICE_TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      deps.touch(session.sessionId);
    }
    return session;
  };
  const guard = deps.guard;
  // The address is resolved only when a ban is in force or a guess is to be counted (clientIp memoises it).
  const address = (clientIp: (() => string | null) | undefined) => (guard && clientIp ? clientIp() : null);
  return (token, now, clientIp) => {
    if (guard?.hasBans) {
      const ip = address(clientIp);
      if (ip && guard.isBanned(ip, now)) return null;
    }
    const cached = deps.cache.get(token, now);
    if (cached !== undefined) return accept(cached, now);
    const hash = sha256Hex(token);
    return deps.lookup(hash).then((row) => {
      const ip = row ? null : address(clientIp);
      if (ip) guard!.recordUnknown(ip, hash, now);
      const session = toDeviceSession(row, now, deps.openRealToken, deps.configuredPaperlessUrl ?? null);
      deps.cache.set(token, hash, session, now);
      return accept(session, now);
    });
  };
}
