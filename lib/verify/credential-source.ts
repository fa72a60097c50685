/**
 * Every way a request to the verify endpoint can say who it is comes from a credential source.
 * verify asks the sources in order whether the request carries their credential; the first one
 * that does decides alone (a refused app token never falls through to the session cookie). The
 * portal's session cookie is the last source (session-source.ts). An app with tokens of its own
 * registers a source from its own folder (registerCredentialSource) before the runtime starts:
 * it supplies its lookup, its refusal and the headers the proxy puts on the upstream request,
 * and verify needs no change for it.
 *
 * The hot-path rules hold for every source: `claims` is synchronous and allocates nothing, a
 * cached credential answers without a promise, a miss costs at most one indexed lookup, no
 * password hashing, no network call, and a banned address is refused before any lookup.
 */
import type { Db } from '../db';
import type { Dialect, Env } from '../config';
import type { HeaderBag } from './headers';
import type { CachedSession } from './session-cache';

export type CredentialRequest = {
  headers: HeaderBag;
  /** The session cookie's values (cookie-header.ts splitCookieHeader). */
  sessionCookies: readonly string[];
  /** The client's address through the trusted proxies, resolved on first call (null when unknown). */
  clientIp: () => string | null;
};

export type Authentication =
  | { status: 'anonymous'; reason: 'no-cookie' | 'invalid-session' | 'duplicate-session-cookies' }
  | { status: 'ok'; session: CachedSession }
  /** A credential the source claimed but does not accept: its refusal answers, never a fall-through. */
  | { status: 'invalid-token' }
  /** The database could not be asked about an uncached credential: refuse (503). */
  | { status: 'unavailable' };

/** An answer of the source's own (an app's client may expect its own shape for a bad token). */
export type Refusal = { status: number; body: string; headers: Readonly<Record<string, string>> };

export type CredentialSource = {
  /** Whether the request carries this source's credential: synchronous, no allocation (a header test). */
  claims(request: CredentialRequest): boolean;
  /** Synchronous when cached; a promise only when a lookup is needed. */
  authenticate(request: CredentialRequest, now: number): Authentication | Promise<Authentication>;
  /** The answer to a credential it refuses, or to an identity used on a host it does not open (default: a bare 401). */
  refusal?: Refusal;
};

/** Regulation of guessed tokens per client address (lib/regulation/address-guard.ts), shared by the token sources. */
export type TokenGuard = {
  readonly hasBans: boolean;
  isBanned(ip: string, now: number): boolean;
  /** A token that was never issued (not a revoked or expired one): counts against the address. */
  recordUnknown(ip: string, tokenHash: string, now: number): boolean;
};

export type CredentialSourceContext = {
  env: Env;
  db: Db;
  /**
   * A prepared single-row query on the verify endpoint's own read connection (session-store.ts),
   * one text per dialect with one parameter (`?` for SQLite, `$1` for PostgreSQL). The returned
   * function throws while that connection is not open yet.
   */
  queryOne(name: string, sql: Readonly<Record<Dialect, string>>): (value: string) => Promise<Record<string, unknown> | null>;
  guard: TokenGuard;
};

export type RunningSource = {
  source: CredentialSource;
  /** Writes what it noted off the request path ("last used"): called every few seconds and at stop. */
  flush?(): Promise<void>;
  stop?(): void;
};

/** The first source whose credential the request carries: it alone decides who is asking. */
export function claimingSource(sources: readonly CredentialSource[], request: CredentialRequest): CredentialSource | null {
  for (let i = 0; i < sources.length; i++) if (sources[i]!.claims(request)) return sources[i]!;
  return null;
}

export type CredentialSourcePlugin = { name: string; start(context: CredentialSourceContext): RunningSource };

const plugins: CredentialSourcePlugin[] = [];

/** Adds a source, asked before the session cookie in the order of registration; once per name. */
export function registerCredentialSource(plugin: CredentialSourcePlugin): void {
  if (!plugins.some((known) => known.name === plugin.name)) plugins.push(plugin);
}

export function registeredCredentialSources(): readonly CredentialSourcePlugin[] {
  return plugins;
}
