/**
 * The verify endpoint's decision as a function (lib/verify/verify-request.ts), with real rules
 * (compiled by lib/policy) and a fake session store: the table in verify-request.test.ts and the
 * credential sources' own tests ask through it.
 */
import ipaddr from 'ipaddr.js';
import { compileRules } from '../../lib/policy/compile';
import { storedRule } from '../../lib/policy/empty-rule';
import type { TPolicy, TRuleInput, TStoredRule } from '../../lib/policy/types';
import { sha256Hex } from '../../lib/crypto';
import type { CredentialSource } from '../../lib/verify/credential-source';
import type { VerifyFlavour } from '../../lib/verify/forwarded-request';
import type { HeaderBag } from '../../lib/verify/headers';
import type { SessionRow } from '../../lib/verify/session-store';
import { SessionCache } from '../../lib/verify/session-cache';
import { sessionCredentialSource } from '../../lib/verify/session-source';
import { verifyRequest, type VerifyDeps } from '../../lib/verify/verify-request';

export const NOW = Date.parse('2026-06-01T12:00:00Z');
export const ONE = 'o'.repeat(43);
export const TWO = 't'.repeat(43);
export const PORTAL = 'https://auth.example.com';

export const rule = (position: number, over: Partial<TRuleInput>): TStoredRule => storedRule(position, over);

export const RULES = [
  rule(1, { domains: ['open.example.com'], policy: 'bypass' }),
  rule(2, { domains: ['blocked.example.com'], policy: 'deny' }),
  rule(3, { domains: ['one.example.com'], policy: 'one_factor' }),
  rule(4, { domains: ['two.example.com'], policy: 'two_factor' }),
  rule(5, { domains: ['family.example.com'], subjects: [['group:family']], policy: 'one_factor' }),
];

/** A stored session of anna's (one factor, active, in "family"), as the session store reads it. */
export const sessionRow = (over: Partial<SessionRow> = {}): SessionRow => ({
  sessionId: 's1',
  level: 'one_factor',
  expiresAt: new Date(NOW + 3_600_000),
  lastSeenAt: new Date(NOW - 1_000),
  revokedAt: null,
  userId: 'u1',
  username: 'anna',
  displayName: 'Anna',
  email: 'anna@example.test',
  status: 'active',
  groups: ['family'],
  ...over,
});

/** `sources`: credential sources asked before the session cookie's. */
export function deps(
  over: { rules?: TStoredRule[]; defaultPolicy?: TPolicy; debug?: boolean; failLookup?: boolean; sources?: CredentialSource[] } = {},
): VerifyDeps {
  const rows: Record<string, SessionRow> = {
    [sha256Hex(ONE)]: {
      sessionId: 's1',
      level: 'one_factor',
      expiresAt: new Date(NOW + 3_600_000),
      lastSeenAt: new Date(NOW),
      revokedAt: null,
      userId: 'u1',
      username: 'anna',
      displayName: 'Anna Zoë',
      email: 'anna@example.com',
      status: 'active',
      groups: ['paperless'],
    },
    [sha256Hex(TWO)]: {
      sessionId: 's2',
      level: 'two_factor',
      expiresAt: new Date(NOW + 3_600_000),
      lastSeenAt: new Date(NOW),
      revokedAt: null,
      userId: 'u2',
      username: 'bob',
      displayName: 'Bob',
      email: 'bob@example.com',
      status: 'active',
      groups: ['admins', 'family'],
    },
  };
  const set = compileRules(over.rules ?? RULES);
  return {
    portalUrl: PORTAL,
    // GATEHOUSE_TRUSTED_PROXIES' default: the proxy on this machine.
    trustedProxies: [ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128')],
    debugHeaders: over.debug ?? false,
    now: () => NOW,
    rules: { current: () => ({ set, defaultPolicy: over.defaultPolicy ?? 'deny' }) },
    cookieName: 'gatehouse_session',
    sources: [
      ...(over.sources ?? []),
      sessionCredentialSource({
        cache: new SessionCache(10_000),
        cookieName: 'gatehouse_session',
        idleTimeoutMs: 3_600_000,
        touch: () => undefined,
        lookup: async (hash) => {
          if (over.failLookup) throw new Error('database down');
          return rows[hash] ?? null;
        },
      }),
    ],
  };
}

export type Ask = {
  host: string;
  path?: string;
  method?: string;
  cookie?: string;
  cookieHeader?: string;
  accept?: string;
  authorization?: string;
  xhr?: boolean;
};

export function headersFor(flavour: VerifyFlavour, ask: Ask): HeaderBag {
  const map = new Map<string, string>();
  const method = ask.method ?? 'GET';
  if (flavour === 'auth-request') {
    map.set('x-original-url', `https://${ask.host}${ask.path ?? '/'}`);
    map.set('x-original-method', method);
  } else {
    map.set('x-forwarded-proto', 'https');
    map.set('x-forwarded-host', ask.host);
    map.set('x-forwarded-uri', ask.path ?? '/');
    map.set('x-forwarded-method', method);
  }
  if (ask.cookie) map.set('cookie', `gatehouse_session=${ask.cookie}`);
  if (ask.cookieHeader !== undefined) map.set('cookie', ask.cookieHeader);
  map.set('accept', ask.accept ?? 'text/html,application/xhtml+xml');
  if (ask.authorization) map.set('authorization', ask.authorization);
  if (ask.xhr) map.set('x-requested-with', 'XMLHttpRequest');
  return { get: (n) => map.get(n) ?? null, count: (n) => (map.has(n) ? 1 : 0) };
}

export const ask = (flavour: VerifyFlavour, request: Ask, d = deps(), peer: string | null = '127.0.0.1') =>
  verifyRequest({ flavour, headers: headersFor(flavour, request), peer }, d);

export const signIn = (target: string) => `${PORTAL}/sign-in?rd=${encodeURIComponent(target)}`;
export const secondFactor = (target: string) => `${PORTAL}/sign-in/second-factor?rd=${encodeURIComponent(target)}`;
