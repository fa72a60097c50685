/**
 * App tokens on the verify endpoint: `Authorization: Token <40 hex>` from a Paperless app, a
 * credential source of its own (lib/verify/credential-source.ts).
 * A cached token costs no database work and no decryption; a miss costs one indexed query (the
 * token's hash with its user, groups and sealed real token). The answer carries the user's real
 * Paperless token for the proxy to put in the upstream Authorization header. Anything wrong —
 * unknown, revoked, expired, inactive account, no real token, a real token that does not
 * decrypt — is "no session": 401, fail closed.
 */
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import type { Authentication, CredentialRequest, CredentialSource, Refusal, TokenGuard } from '../verify/credential-source';
import type { CachedSession, SessionCache } from '../verify/session-cache';
import type { UserColumns } from '../verify/session-store';

export type AppTokenRow = UserColumns & {
  tokenId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** Sealed; null until the real token was obtained. */
  realToken: string | null;
  /** The Paperless public URL saved by the admin (configuration may override it). */
  paperlessUrl: string | null;
};

/** "Last used" is written at most this often per token. */
export const APP_TOKEN_TOUCH_INTERVAL_MS = 60_000;
const NEVER = Number.MAX_SAFE_INTEGER;

/**
 * Pure: the cached form of a token row, or null when it must be refused. The user's real
 * Paperless token is for the proxy to put on the upstream request, never for the phone (verify
 * sends it only to a trusted proxy): X-Paperless-Authorization for nginx, and Authorization too
 * for forward auth (Traefik can only copy headers under their own name).
 */
export function toAppTokenSession(
  row: AppTokenRow | null,
  now: number,
  openRealToken: (sealed: string, userId: string) => string,
  configuredPaperlessUrl: string | null = null,
): CachedSession | null {
  if (!row || row.revokedAt || !row.realToken) return null;
  // An app token opens Paperless and nothing else: without a known Paperless host, nothing.
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
  return {
    sessionId: row.tokenId,
    // Created from a two-factor session; a lost phone is revoked, not stepped up.
    level: 'two_factor',
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : NEVER,
    lastSeenAt: row.lastUsedAt ? row.lastUsedAt.getTime() : 0,
    user: { id: row.userId, username: row.username, displayName: row.displayName, email: row.email, groups: row.groups },
    grant: {
      onlyHost,
      upstream: {
        'auth-request': { 'X-Paperless-Authorization': authorization },
        'forward-auth': { 'X-Paperless-Authorization': authorization, Authorization: authorization },
      },
    },
  };
}

export type AppTokenLookupDeps = {
  cache: SessionCache;
  /** Without one, nothing is regulated (unit tests of the cache). */
  guard?: TokenGuard;
  lookup(tokenHash: string): Promise<AppTokenRow | null>;
  touch(tokenId: string): void;
  openRealToken(sealed: string, userId: string): string;
  /** GATEHOUSE_PAPERLESS_PUBLIC_URL, which wins over the saved connection. */
  configuredPaperlessUrl?: string | null;
};

/** `clientIp` is resolved only when asked (through trusted proxies; null when unknown). */
export type AppTokenLookup = (token: string, now: number, clientIp?: () => string | null) => CachedSession | null | Promise<CachedSession | null>;

/**
 * A banned address is refused before the token is looked at (cached or not), so the answer is the
 * same whether the token was right. A token that was never issued counts against the address;
 * a revoked or expired one (it existed: a forgotten phone, not a guesser) does not.
 */
export function createAppTokenLookup(deps: AppTokenLookupDeps): AppTokenLookup {
  const accept = (session: CachedSession | null, now: number): CachedSession | null => {
    if (!session || session.expiresAt <= now) return null;
    if (now - session.lastSeenAt >= APP_TOKEN_TOUCH_INTERVAL_MS) {
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
    const epoch = deps.cache.epoch;
    return deps.lookup(hash).then((row) => {
      const ip = row ? null : address(clientIp);
      if (ip) guard!.recordUnknown(ip, hash, now);
      const session = toAppTokenSession(row, now, deps.openRealToken, deps.configuredPaperlessUrl ?? null);
      deps.cache.set(token, hash, session, now, epoch);
      return accept(session, now);
    });
  };
}

/** What Paperless's apps expect for a bad token (DRF's own answer). */
export const INVALID_TOKEN: Refusal = {
  status: 401,
  body: '{"detail":"Invalid token."}',
  headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/json', 'WWW-Authenticate': 'Token' },
};

/** Any Authorization: Token header is this source's, however malformed: never a fall-through to the cookie. */
const TOKEN_SCHEME = /^\s*token(\s|$)/i;

/**
 * `Token <40 lower-case hex>`, exactly: the keyword in any case (as Paperless's DRF accepts it),
 * one space, nothing around. Extra spaces, another scheme, a short, long or non-hex key: 401.
 */
const TOKEN_HEADER = /^[Tt][Oo][Kk][Ee][Nn] ([0-9a-f]{40})$/;

const INVALID: Authentication = { status: 'invalid-token' };
const UNAVAILABLE: Authentication = { status: 'unavailable' };

/**
 * The source: claims a request with an Authorization: Token header, and one with two
 * Authorization headers of any scheme (which one would the app behind the proxy believe?
 * Neither: refused).
 */
export function appTokenSource(lookup: AppTokenLookup): CredentialSource {
  return {
    refusal: INVALID_TOKEN,
    claims: (request) => {
      const header = request.headers.get('authorization');
      return header !== null && (request.headers.count('authorization') > 1 || TOKEN_SCHEME.test(header));
    },
    authenticate: (request, now) => authenticateAppToken(request, now, lookup),
  };
}

function authenticateAppToken(request: CredentialRequest, now: number, lookup: AppTokenLookup): Authentication | Promise<Authentication> {
  if (request.headers.count('authorization') > 1) return INVALID;
  const token = TOKEN_HEADER.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token) return INVALID;
  let found: CachedSession | null | Promise<CachedSession | null>;
  try {
    found = lookup(token, now, request.clientIp);
  } catch {
    return UNAVAILABLE;
  }
  if (found instanceof Promise)
    return found.then(
      (session) => (session ? { status: 'ok', session } : INVALID),
      () => UNAVAILABLE,
    );
  return found ? { status: 'ok', session: found } : INVALID;
}
