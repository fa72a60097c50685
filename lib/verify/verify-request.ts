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
import { authenticateRequest, type SessionSource } from './authenticate-request';
import { readTarget, type Target, type VerifyFlavour } from './forwarded-request';
import type { HeaderBag } from './headers';
import type { CachedSession } from './session-cache';

export type VerifyResponse = { status: number; headers: Record<string, string>; body: string };

export type RuleSource = { current(): { set: TCompiledRuleSet; defaultPolicy: TPolicy } };

export type VerifyDeps = {
  portalUrl: string;
  trustedProxies: readonly Cidr[];
  debugHeaders: boolean;
  sessions: SessionSource;
  rules: RuleSource;
  now?: () => number;
};

export type VerifyInput = { flavour: VerifyFlavour; headers: HeaderBag; peer: string | null };

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Header values travel as bytes: send the UTF-8 of a name like "Zoë" the way Authelia does. */
function headerValue(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function identityHeaders(session: CachedSession): Record<string, string> {
  return {
    'Remote-User': headerValue(session.user.username),
    'Remote-Groups': headerValue(session.user.groups.join(',')),
    'Remote-Name': headerValue(session.user.displayName),
    'Remote-Email': headerValue(session.user.email),
  };
}

function answer(status: number, body: string, reason: string, deps: VerifyDeps, headers: Record<string, string> = {}): VerifyResponse {
  return {
    status,
    body,
    headers: { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8', ...headers, ...(deps.debugHeaders ? { 'X-Gatehouse-Reason': reason } : {}) },
  };
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
  return answer(401, 'Unauthorized', reason, deps, { Location: location });
}

export async function verifyRequest(input: VerifyInput, deps: VerifyDeps): Promise<VerifyResponse> {
  try {
    const parsed = readTarget(input.headers, input.flavour);
    if (!parsed.ok) return answer(400, `Bad request: ${parsed.reason}`, 'bad-target', deps);
    const target = parsed.target;
    const now = deps.now?.() ?? Date.now();

    const auth = await authenticateRequest({ authorization: input.headers.get('authorization'), cookie: input.headers.get('cookie') }, deps.sessions, now);
    if (auth.status === 'invalid-token') {
      return { status: 401, body: '{"detail":"Invalid token."}', headers: { ...NO_STORE, 'Content-Type': 'application/json', 'WWW-Authenticate': 'Token' } };
    }
    if (auth.status === 'unavailable') return answer(503, 'Service unavailable', 'database-unavailable', deps, { 'Retry-After': '5' });
    const session = auth.status === 'ok' ? auth.session : null;

    const clientIp = resolveClientIp({
      peer: input.peer,
      forwardedFor: input.headers.get('x-forwarded-for'),
      realIp: input.headers.get('x-real-ip'),
      trustedProxies: deps.trustedProxies,
    });
    const { set, defaultPolicy } = deps.rules.current();
    const decision = evaluateRules(set, {
      host: target.host,
      path: target.path,
      query: target.query,
      method: target.method,
      clientIp,
      user: session ? { username: session.user.username, groups: session.user.groups } : null,
    }, defaultPolicy);

    switch (decision.policy) {
      case 'bypass':
        return answer(200, '', 'bypass', deps, session ? identityHeaders(session) : {});
      case 'deny':
        return answer(403, 'Forbidden', 'denied', deps);
      case 'one_factor':
        if (session) return answer(200, '', 'one-factor', deps, identityHeaders(session));
        return signInRequired(target, input, deps, decision.needsIdentity ? 'sign-in-to-decide' : 'sign-in', false);
      case 'two_factor':
        if (!session) return signInRequired(target, input, deps, 'sign-in', false);
        if (session.level === 'two_factor') return answer(200, '', 'two-factor', deps, identityHeaders(session));
        return signInRequired(target, input, deps, 'second-factor', true);
      default:
        return answer(403, 'Forbidden', 'unknown-policy', deps);
    }
  } catch (error) {
    console.error('[gatehouse] verify failed:', error);
    return answer(500, 'Internal error', 'error', deps);
  }
}
