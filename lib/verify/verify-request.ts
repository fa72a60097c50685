/**
 * The verify endpoint's decision, independent of the server that received the request:
 * target → caller → account gate → rules → answer. Used by the fast path in lib/server and by
 * the App Router route handlers alike. Any exception answers 500: never 200.
 * The contract is ../shared/specs/verify.md.
 */
import type { Cidr } from '../http/client-ip';
import { resolveClientIp } from '../http/client-ip';
import { evaluateRules } from '../policy/evaluate';
import type { TCompiledRuleSet } from '../policy/compile';
import type { TPolicy } from '../policy/types';
import { authenticateRequest, type Authentication, type SessionSource } from './authenticate-request';
import { readTarget, type Target, type VerifyFlavour } from './forwarded-request';
import type { HeaderBag } from './headers';
import type { CachedSession } from './session-cache';

export type VerifyResponse = { status: number; headers: Record<string, string>; body: string };

export type RuleSource = { current(): { set: TCompiledRuleSet; defaultPolicy: TPolicy; requireTwoFactor?: boolean } };

export type VerifyDeps = {
  portalUrl: string;
  trustedProxies: readonly Cidr[];
  debugHeaders: boolean;
  sessions: SessionSource;
  rules: RuleSource;
  now?: () => number;
};

export type VerifyInput = { flavour: VerifyFlavour; headers: HeaderBag; peer: string | null };

/** Header values travel as bytes: send the UTF-8 of a name like "Zoë" the way Authelia does. */
function headerValue(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Built once per cached session, not on every request. */
function identityHeaders(session: CachedSession, flavour: VerifyFlavour): Record<string, string> {
  if (flavour === 'forward-auth' && session.forwardAuthHeaders) return session.forwardAuthHeaders;
  return (session.headers ??= {
    'Remote-User': headerValue(session.user.username),
    'Remote-Groups': headerValue(session.user.groups.join(',')),
    'Remote-Name': headerValue(session.user.displayName),
    'Remote-Email': headerValue(session.user.email),
  });
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

/** Asks the browser to sign in (or to add a second factor) and come back to the target. */
function signInRequired(target: Target, input: VerifyInput, deps: VerifyDeps, reason: string, secondFactor: boolean): VerifyResponse {
  const page = secondFactor ? '/sign-in/second-factor' : '/sign-in';
  const location = `${deps.portalUrl}${page}?rd=${encodeURIComponent(target.url)}`;
  if (input.flavour === 'forward-auth') {
    const accept = input.headers.get('accept') ?? '';
    const browser = (target.method === 'GET' || target.method === 'HEAD') && accept.includes('text/html') && !input.headers.get('x-requested-with');
    if (browser) return answer(302, '', reason, deps, { Location: location });
  }
  // nginx turns this 401 into a redirect (auth_request_set … $upstream_http_location).
  return answer(401, '', reason, deps, { Location: location });
}

/**
 * Synchronous when the caller's session is cached (no promise on the hot path); a promise only
 * when the database or a device token must be consulted.
 */
export function verifyRequest(input: VerifyInput, deps: VerifyDeps): VerifyResponse | Promise<VerifyResponse> {
  try {
    const parsed = readTarget(input.headers, input.flavour);
    if (!parsed.ok) return answer(400, `Bad request: ${parsed.reason}`, 'bad-target', deps);
    const target = parsed.target;
    // performance.now: Date.now is wrapped by Next's request tracking in this process.
    const now = deps.now ? deps.now() : Math.round(performance.timeOrigin + performance.now());
    const authorization = input.headers.get('authorization');
    // Resolved only if asked: by a device token (regulation) or a rule with networks.
    let resolved: string | null | undefined;
    const clientIp = () =>
      (resolved ??= resolveClientIp({
        peer: input.peer,
        forwardedFor: input.headers.get('x-forwarded-for'),
        realIp: input.headers.get('x-real-ip'),
        trustedProxies: deps.trustedProxies,
      }));
    const auth = authenticateRequest(
      { authorization, cookie: input.headers.get('cookie'), authorizationCount: authorization === null ? 0 : input.headers.count('authorization'), clientIp },
      deps.sessions,
      now,
    );
    if (auth instanceof Promise) return auth.then((done) => decide(done, target, input, deps, clientIp), (error: unknown) => failed(error, deps));
    return decide(auth, target, input, deps, clientIp);
  } catch (error) {
    return failed(error, deps);
  }
}

function failed(error: unknown, deps: VerifyDeps): VerifyResponse {
  console.error('[gatehouse] verify failed:', error);
  return answer(500, 'Internal error', 'error', deps);
}

/** What Paperless's apps expect for a bad token (DRF's own answer). */
const INVALID_TOKEN: VerifyResponse = { status: 401, body: '{"detail":"Invalid token."}', headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/json', 'WWW-Authenticate': 'Token' } };

function decide(auth: Authentication, target: Target, input: VerifyInput, deps: VerifyDeps, clientIp: () => string | null): VerifyResponse {
  try {
    if (auth.status === 'invalid-token') return { ...INVALID_TOKEN, headers: { ...INVALID_TOKEN.headers } };
    // A device token opens Paperless only: on any other host it is no credential at all.
    if (auth.status === 'ok' && auth.session.onlyHost !== undefined && auth.session.onlyHost !== target.host) return { ...INVALID_TOKEN, headers: { ...INVALID_TOKEN.headers } };
    if (auth.status === 'unavailable') return answer(503, 'Service unavailable', 'database-unavailable', deps, { 'Retry-After': '5' });
    const session = auth.status === 'ok' ? auth.session : null;

    const { set, defaultPolicy, requireTwoFactor } = deps.rules.current();
    const decision = evaluateRules(set, {
      host: target.host,
      path: target.path,
      query: target.query,
      method: target.method,
      // Resolved only if a rule with networks asks (most rule sets have none).
      get clientIp() {
        return clientIp();
      },
      user: session ? { username: session.user.username, groups: session.user.groups } : null,
    }, defaultPolicy);

    // The admin setting "a second factor for everyone" raises every one-factor rule to two.
    const policy = requireTwoFactor && decision.policy === 'one_factor' && !decision.needsIdentity ? 'two_factor' : decision.policy;
    switch (policy) {
      case 'bypass':
        return answer(200, '', 'bypass', deps, session ? identityHeaders(session, input.flavour) : {});
      case 'deny':
        return answer(403, '', 'denied', deps);
      case 'one_factor':
        if (session) return answer(200, '', 'one-factor', deps, identityHeaders(session, input.flavour));
        return signInRequired(target, input, deps, decision.needsIdentity ? 'sign-in-to-decide' : 'sign-in', false);
      case 'two_factor':
        if (!session) return signInRequired(target, input, deps, 'sign-in', false);
        if (session.level === 'two_factor') return answer(200, '', 'two-factor', deps, identityHeaders(session, input.flavour));
        return signInRequired(target, input, deps, 'second-factor', true);
      default:
        return answer(403, '', 'unknown-policy', deps);
    }
  } catch (error) {
    return failed(error, deps);
  }
}
