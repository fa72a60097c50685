/**
 * The verify endpoint's decision, independent of the server that received the request:
 * target → caller → account gate → rules → answer. Used by the fast path in lib/server and by
 * the App Router route handlers alike. Any exception answers 500: never 200.
 * The contract is docs/verify-contract.md.
 */
import type { Cidr } from '../http/client-ip';
import { isInCidrs, resolveClientIp } from '../http/client-ip';
import { parseAddress } from '../policy/parse-network';
import { evaluateRules } from '../policy/evaluate';
import type { TCompiledRuleSet } from '../policy/compile';
import type { TPolicy, TRequestFacts } from '../policy/types';
import { claimingSource, type Authentication, type CredentialRequest, type CredentialSource } from './credential-source';
import { splitCookieHeader, type SplitCookieHeader } from './cookie-header';
import { readTarget, type Target, type VerifyFlavour } from './forwarded-request';
import type { HeaderBag } from './headers';
import type { CachedSession } from './session-cache';

/** `application`: the slug of the application whose rule decided, for the metrics (lib/metrics); never sent. */
export type VerifyResponse = { status: number; headers: Record<string, string>; body: string; application?: string };

/** `applications`: rule id → slug of the application that wrote the rule (for the metrics). */
export type RuleSource = {
  current(): { set: TCompiledRuleSet; defaultPolicy: TPolicy; requireTwoFactor?: boolean; applications?: ReadonlyMap<string, string> };
};

export type VerifyDeps = {
  portalUrl: string;
  trustedProxies: readonly Cidr[];
  debugHeaders: boolean;
  /** The session cookie's name (its cookies never reach an app). */
  cookieName: string;
  /** Asked in order (credential-source.ts): the session cookie's source last. */
  sources: readonly CredentialSource[];
  rules: RuleSource;
  now?: () => number;
};

/** `peer`: the direct TCP peer's address; null when unknown (the route handlers), which trusts nothing. */
export type VerifyInput = { flavour: VerifyFlavour; headers: HeaderBag; peer: string | null };

/**
 * A sign-in Location longer than this would overflow what the generated proxy configs buffer
 * for an auth answer (nginx's proxy_buffer_size, 4 KiB with every other header): the return URL
 * is then only the target's origin.
 */
export const MAX_LOCATION_LENGTH = 2000;

/** The answer header that carries the Cookie header minus the session cookie, per flavour. */
export const COOKIE_ANSWER_HEADER: Record<VerifyFlavour, string> = { 'auth-request': 'X-Gatehouse-Cookie', 'forward-auth': 'Cookie' };

/** Header values travel as bytes: send the UTF-8 of a name like "Zoë" the way Authelia does. */
function headerValue(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * Built once per cached session, not on every request. A source's upstream headers (an app's
 * real credential, say) go only to a trusted proxy, which puts them on the upstream request:
 * anyone who can reach the endpoint directly with that source's credential gets the identity
 * headers without them.
 */
function identityHeaders(session: CachedSession, input: VerifyInput, deps: VerifyDeps): Record<string, string> {
  const remote = (session.headers ??= {
    'Remote-User': headerValue(session.user.username),
    'Remote-Groups': headerValue(session.user.groups.join(',')),
    'Remote-Name': headerValue(session.user.displayName),
    'Remote-Email': headerValue(session.user.email),
  });
  const grant = session.grant;
  if (grant?.upstream === undefined || !isTrustedPeer(input.peer, deps.trustedProxies)) return remote;
  const answers = (grant.answers ??= {});
  return (answers[input.flavour] ??= { ...remote, ...grant.upstream[input.flavour] });
}

/** Whether the direct peer is a configured trusted proxy, per peer address (a handful of proxies: a small memo). */
const trustedPeers = new WeakMap<readonly Cidr[], Map<string, boolean>>();
function isTrustedPeer(peer: string | null, trustedProxies: readonly Cidr[]): boolean {
  if (peer === null) return false;
  let known = trustedPeers.get(trustedProxies);
  if (!known) trustedPeers.set(trustedProxies, (known = new Map()));
  let trusted = known.get(peer);
  if (trusted === undefined) {
    const address = parseAddress(peer);
    trusted = address !== null && isInCidrs(address, trustedProxies);
    if (known.size >= 256) known.clear();
    known.set(peer, trusted);
  }
  return trusted;
}

/**
 * Answers carry no body unless there is something to say: nginx reuses its connection to the
 * verify endpoint only for a bodiless answer, and a proxy never shows an auth answer's body
 * to the browser anyway (redirects and 401/403 become its own pages).
 */
function answer(status: number, body: string, reason: string, deps: VerifyDeps, extra?: Record<string, string>): VerifyResponse {
  // Plain assignments, not object spreads: this runs for every proxied request.
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (body) headers['Content-Type'] = 'text/plain; charset=utf-8';
  if (extra) for (const key in extra) headers[key] = extra[key]!;
  if (deps.debugHeaders) headers['X-Gatehouse-Reason'] = reason;
  return { status, body, headers };
}

/**
 * A 2xx: the identity headers and the request's Cookie header minus every session cookie, for the
 * proxy to send upstream instead: the session cookie never reaches an app. Nothing left, no
 * header: the generated configs then send the app no Cookie at all (Traefik's
 * authResponseHeaders deletes the request's Cookie when the answer has none, but would copy an
 * empty one).
 */
function allow(
  reason: string,
  deps: VerifyDeps,
  input: VerifyInput,
  identity: Record<string, string> | null,
  cookies: SplitCookieHeader | null,
): VerifyResponse {
  const response = answer(200, '', reason, deps, identity ?? undefined);
  if (cookies !== null && cookies.rest !== '') response.headers[COOKIE_ANSWER_HEADER[input.flavour]] = cookies.rest;
  return response;
}

/** Asks the browser to sign in (or to add a second factor) and come back to the target (its origin when the whole URL is too long). */
function signInRequired(target: Target, input: VerifyInput, deps: VerifyDeps, reason: string, secondFactor: boolean): VerifyResponse {
  const page = secondFactor ? '/sign-in/second-factor' : '/sign-in';
  let location = `${deps.portalUrl}${page}?rd=${encodeURIComponent(target.url)}`;
  if (location.length > MAX_LOCATION_LENGTH) {
    const origin = target.url.slice(0, target.url.length - target.path.length - (target.query ? target.query.length + 1 : 0));
    location = `${deps.portalUrl}${page}?rd=${encodeURIComponent(`${origin}/`)}`;
  }
  if (input.flavour === 'forward-auth') {
    const accept = input.headers.get('accept') ?? '';
    const browser = (target.method === 'GET' || target.method === 'HEAD') && accept.includes('text/html') && !input.headers.get('x-requested-with');
    if (browser) return answer(302, '', reason, deps, { Location: location });
  }
  // nginx turns this 401 into a redirect (auth_request_set … $upstream_http_location).
  return answer(401, '', reason, deps, { Location: location });
}

/**
 * Synchronous when the caller's credential is cached (no promise on the hot path); a promise
 * only when a source must look it up.
 */
export function verifyRequest(input: VerifyInput, deps: VerifyDeps): VerifyResponse | Promise<VerifyResponse> {
  try {
    const parsed = readTarget(input.headers, input.flavour);
    if (!parsed.ok) {
      // nginx's auth_request turns any status but 2xx/401/403 into a 500: a 403 that says 400,
      // which the generated nginx config answers as a 400.
      if (input.flavour === 'auth-request') return answer(403, `Bad request: ${parsed.reason}`, 'bad-target', deps, { 'X-Gatehouse-Status': '400' });
      return answer(400, `Bad request: ${parsed.reason}`, 'bad-target', deps);
    }
    const target = parsed.target;
    // performance.now: Date.now is wrapped by Next's request tracking in this process.
    const now = deps.now ? deps.now() : Math.round(performance.timeOrigin + performance.now());
    // Resolved only if asked: by a token source (regulation) or a rule with networks.
    let resolved: string | null | undefined;
    const clientIp = () =>
      (resolved ??= resolveClientIp({
        peer: input.peer,
        forwardedFor: input.headers.get('x-forwarded-for'),
        realIp: input.headers.get('x-real-ip'),
        trustedProxies: deps.trustedProxies,
      }));
    const cookieHeader = input.headers.get('cookie');
    const cookies = cookieHeader === null ? null : splitCookieHeader(cookieHeader, deps.cookieName);
    const request: CredentialRequest = { headers: input.headers, sessionCookies: cookies ? cookies.sessions : NO_COOKIES, clientIp };
    const source = claimingSource(deps.sources, request);
    if (!source) return decide(NO_CREDENTIAL, null, target, input, deps, clientIp, cookies);
    const auth = source.authenticate(request, now);
    if (auth instanceof Promise)
      return auth.then(
        (done) => decide(done, source, target, input, deps, clientIp, cookies),
        (error: unknown) => failed(error, deps),
      );
    return decide(auth, source, target, input, deps, clientIp, cookies);
  } catch (error) {
    return failed(error, deps);
  }
}

function failed(error: unknown, deps: VerifyDeps): VerifyResponse {
  console.error('[gatehouse] verify failed:', error);
  return answer(500, 'Internal error', 'error', deps);
}

const NO_COOKIES: readonly string[] = [];
const NO_CREDENTIAL: Authentication = { status: 'anonymous', reason: 'no-cookie' };

/** The source's own answer to a credential it refuses (a copy: the caller adds headers). */
function refuse(source: CredentialSource | null, deps: VerifyDeps): VerifyResponse {
  const refusal = source?.refusal;
  if (!refusal) return answer(401, '', 'invalid-credential', deps);
  return { status: refusal.status, body: refusal.body, headers: { ...refusal.headers } };
}

/**
 * What the rules are evaluated on; the client address is resolved only if a rule with networks
 * asks (most rule sets have none). A class, its getter on the prototype: an object literal with a
 * `get` (a new closure on every request) got a hidden class of its own each time, kept by V8 in
 * the old generation, which kept every request's objects alive past the young-generation
 * collections (≈ 1.7 KiB a request promoted, and 25 % more CPU; README "Memory").
 */
class RuleFacts implements TRequestFacts {
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly method: string;
  constructor(
    target: Target,
    readonly user: TRequestFacts['user'],
    private readonly resolveClientIp: () => string | null,
  ) {
    this.host = target.host;
    this.path = target.path;
    this.query = target.query;
    this.method = target.method;
  }
  get clientIp(): string | null {
    return this.resolveClientIp();
  }
}

function decide(
  auth: Authentication,
  source: CredentialSource | null,
  target: Target,
  input: VerifyInput,
  deps: VerifyDeps,
  clientIp: () => string | null,
  cookies: SplitCookieHeader | null,
): VerifyResponse {
  try {
    if (auth.status === 'invalid-token') return refuse(source, deps);
    // A credential restricted to one host is no credential at all on any other.
    if (auth.status === 'ok' && auth.session.grant?.onlyHost !== undefined && auth.session.grant.onlyHost !== target.host) return refuse(source, deps);
    if (auth.status === 'unavailable') return answer(503, 'Service unavailable', 'database-unavailable', deps, { 'Retry-After': '5' });
    const session = auth.status === 'ok' ? auth.session : null;

    const { set, defaultPolicy, requireTwoFactor, applications } = deps.rules.current();
    const user = session ? { username: session.user.username, groups: session.user.groups } : null;
    const decision = evaluateRules(set, new RuleFacts(target, user, clientIp), defaultPolicy);

    // The admin setting "a second factor for everyone" raises every one-factor rule to two.
    const policy = requireTwoFactor && decision.policy === 'one_factor' && !decision.needsIdentity ? 'two_factor' : decision.policy;
    const response = answerPolicy(policy, session, target, input, deps, decision.needsIdentity, cookies);
    const application = decision.rule === null ? undefined : applications?.get(decision.rule.id);
    if (application !== undefined) response.application = application;
    return response;
  } catch (error) {
    return failed(error, deps);
  }
}

function answerPolicy(
  policy: TPolicy,
  session: CachedSession | null,
  target: Target,
  input: VerifyInput,
  deps: VerifyDeps,
  needsIdentity: boolean,
  cookies: SplitCookieHeader | null,
): VerifyResponse {
  switch (policy) {
    case 'bypass':
      return allow('bypass', deps, input, session ? identityHeaders(session, input, deps) : null, cookies);
    case 'deny':
      return answer(403, '', 'denied', deps);
    case 'one_factor':
      if (session) return allow('one-factor', deps, input, identityHeaders(session, input, deps), cookies);
      return signInRequired(target, input, deps, needsIdentity ? 'sign-in-to-decide' : 'sign-in', false);
    case 'two_factor':
      if (!session) return signInRequired(target, input, deps, 'sign-in', false);
      if (session.level === 'two_factor') return allow('two-factor', deps, input, identityHeaders(session, input, deps), cookies);
      return signInRequired(target, input, deps, 'second-factor', true);
    default:
      return answer(403, '', 'unknown-policy', deps);
  }
}
