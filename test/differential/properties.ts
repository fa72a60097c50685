/**
 * What must hold for one request sent through a proxy, given everything observed about it: the
 * proxy's answer to the client, the calls the proxy made to Gatehouse (recorded by the relay,
 * with Gatehouse's answers) and what the upstream app received. Returns the violations found,
 * each a sentence; none means the request is fine.
 *
 * Whenever the upstream receives a request:
 *   1. the host and path it received (canonicalised as canonical.ts says) and its query and method
 *      are those of a target Gatehouse answered 2xx for, for this same request;
 *   2. its identity headers are exactly the ones Gatehouse answered with (none forged by the
 *      client, no Remote_* / X-Original-* at all), none at all when the request carried several
 *      session cookies, and on Paperless Authorization is Gatehouse's;
 *   3. no session cookie reaches it, and the client's other cookies do;
 * and for every request: the client never sees X-Paperless-Authorization (nor the real token),
 * the proxy never answers 5xx, and the portal never lets a verify path through to Gatehouse.
 * The judged target is read from the recorded verify call by lib/verify's own readTarget.
 */
import { readTarget, type Target } from '../../lib/verify/forwarded-request';
import { headerBagFromNode } from '../../lib/verify/headers';
import { IDENTITY_HEADERS, PAPERLESS_PROBE_PATHS } from '../../lib/proxy-config/types';
import { canonicalAuthority, canonicalPath, namesClosedEndpoint } from './canonical';
import { headerValues, type TRawRequestSeen, type TRawResponse } from './raw-http';
import type { TRelayed } from './relay';
import { HOSTS, SESSION_COOKIE, type TRequestPlan } from './requests';

export type TProxyKind = 'nginx' | 'caddy';

export type TObservation = {
  plan: TRequestPlan;
  response: TRawResponse;
  /** Every request the proxy sent Gatehouse for this client request (relay records). */
  gatehouse: TRelayed[];
  /** Every request the upstream app received for it. */
  upstream: TRawRequestSeen[];
};

export type TWorld = {
  proxy: TProxyKind;
  /** Values that must never reach the client (the user's real Paperless token). */
  secretsFromClient: string[];
  /** Values that must never reach an upstream (device token, session tokens). */
  secretsFromUpstream: string[];
};

/** The verify call the generated configuration makes (as opposed to portal traffic). */
export function isVerifyCall(call: TRelayed, proxy: TProxyKind): boolean {
  const path = call.url.split('?')[0];
  if (proxy === 'nginx') return path === '/api/verify' && headerValues(call.headers, 'x-original-url').length > 0;
  return path === '/api/verify/forward-auth' && headerValues(call.headers, 'x-forwarded-method').length > 0;
}

export function judgedTarget(call: TRelayed, proxy: TProxyKind): ReturnType<typeof readTarget> {
  return readTarget(headerBagFromNode(call.nodeHeaders, call.rawHeaders), proxy === 'nginx' ? 'auth-request' : 'forward-auth');
}

/** `name=value` pairs of every Cookie header, in order (names trimmed, as servers read them). */
export function cookiePairs(values: readonly string[]): string[] {
  return values
    .flatMap((line) => line.split(';'))
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return (eq < 0 ? pair : pair.slice(0, eq)).trim();
}

function describeTarget(target: Target): string {
  return `${target.method} ${target.host}${target.port ? `:${target.port}` : ''} ${target.path}${target.query ? `?${target.query}` : ''}`;
}

/** A Paperless app's unauthenticated probe, which the configurations pass without Gatehouse. */
function isPaperlessProbe(seen: TRawRequestSeen, host: string | null): boolean {
  if (host !== HOSTS.paperless || (seen.method !== 'GET' && seen.method !== 'HEAD')) return false;
  const path = canonicalPath(seen.target.split('?')[0]!);
  return path.ok && (PAPERLESS_PROBE_PATHS as readonly string[]).includes(path.path);
}

function checkUpstream(seen: TRawRequestSeen, observation: TObservation, world: TWorld, out: string[]): void {
  const where = `${seen.app} got ${seen.method} ${JSON.stringify(seen.target.slice(0, 200))}`;
  const hosts = headerValues(seen.headers, 'host');
  if (hosts.length !== 1) out.push(`${where} with ${hosts.length} Host headers`);
  const authority = canonicalAuthority(hosts[0] ?? '', 'http');
  const host = seen.app;
  if (!authority.ok || authority.host !== seen.app) out.push(`${where} with Host ${JSON.stringify(hosts[0])}, which is not its own`);
  const credentials = JSON.stringify([...headerValues(seen.headers, 'authorization'), ...headerValues(seen.headers, 'cookie')]);
  for (const secret of world.secretsFromUpstream)
    if (credentials.includes(secret)) out.push(`${where}: a device token or session token reached it (Authorization or Cookie)`);
  for (const name of ['remote_user', 'remote_groups', 'remote_name', 'remote_email', 'x-original-url', 'x-original-method']) {
    if (headerValues(seen.headers, name).length) out.push(`${where}: the client's ${name} reached it`);
  }

  const judged = observation.gatehouse
    .filter((call) => isVerifyCall(call, world.proxy) && call.status >= 200 && call.status < 300)
    .map((call) => ({ call, target: judgedTarget(call, world.proxy) }));
  if (judged.length === 0) {
    if (!isPaperlessProbe(seen, host)) {
      out.push(`${where} without any 2xx from Gatehouse`);
      return;
    }
    for (const name of ['authorization', 'cookie', ...IDENTITY_HEADERS]) {
      if (headerValues(seen.headers, name).length) out.push(`${where}: a Paperless probe (no Gatehouse) carried ${name}`);
    }
    return;
  }

  // 1. Received = judged: host, canonical path, query, method.
  const question = seen.target.indexOf('?');
  const rawPath = question < 0 ? seen.target : seen.target.slice(0, question);
  const query = question < 0 ? '' : seen.target.slice(question + 1);
  const path = canonicalPath(rawPath);
  if (!path.ok) out.push(`${where}: its path does not canonicalise (${path.reason}), yet Gatehouse answered 2xx`);
  if (!authority.ok) out.push(`${where}: its Host ${JSON.stringify(hosts[0])} does not canonicalise (${authority.reason})`);
  const forwardedHosts = headerValues(seen.headers, 'x-forwarded-host');
  const matching = judged.find(({ target }) => {
    if (!target.ok || !path.ok || !authority.ok) return false;
    const t = target.target;
    return t.host === seen.app && t.port === authority.port && t.path === path.path && t.query === query && t.method === seen.method.toUpperCase();
  });
  if (!matching) {
    const judgedText = judged.map(({ target }) => (target.ok ? describeTarget(target.target) : `an unreadable target (${target.reason})`)).join(' | ');
    out.push(`${where} (Host ${JSON.stringify(hosts[0])}); Gatehouse judged ${judgedText}`);
  }
  for (const value of forwardedHosts) {
    const forwarded = canonicalAuthority(value, 'http');
    if (!forwarded.ok || forwarded.host !== host) out.push(`${where}: X-Forwarded-Host ${JSON.stringify(value)} is not the host it was judged for`);
  }

  // 2. Identity: exactly what Gatehouse said (any 2xx answer for this request, preferably the matching one).
  const answer = (matching ?? judged[0]!).call.answer;
  for (const name of IDENTITY_HEADERS) {
    const said = headerValues(answer, name);
    const got = headerValues(seen.headers, name);
    if (JSON.stringify(said) !== JSON.stringify(got)) out.push(`${where}: ${name} ${JSON.stringify(got)} but Gatehouse said ${JSON.stringify(said)}`);
  }
  const sessionCookies = cookiePairs(headerValues(observation.plan.headers, 'cookie')).filter((pair) => cookieName(pair) === SESSION_COOKIE).length;
  const remoteUser = headerValues(seen.headers, 'remote-user');
  if (sessionCookies > 1 && headerValues(observation.plan.headers, 'authorization').length === 0 && remoteUser.length) {
    out.push(`${where} as ${JSON.stringify(remoteUser)}, though the request carried ${sessionCookies} session cookies (that is no session)`);
  }
  const authorization = headerValues(seen.headers, 'authorization');
  const realToken = headerValues(answer, 'x-paperless-authorization');
  if (host === HOSTS.paperless && JSON.stringify(authorization) !== JSON.stringify(realToken)) {
    out.push(`${where}: Authorization ${JSON.stringify(authorization)} on Paperless, but Gatehouse's token was ${JSON.stringify(realToken)}`);
  }

  // 3. Cookies: never a session cookie; the client's other cookies, in order.
  const received = cookiePairs(headerValues(seen.headers, 'cookie'));
  if (received.some((pair) => cookieName(pair) === SESSION_COOKIE)) out.push(`${where}: the session cookie reached it`);
  if (headerValues(seen.headers, 'cookie').length > 1) out.push(`${where}: several Cookie headers reached it`);
  const expected = cookiePairs(headerValues(observation.plan.headers, 'cookie')).filter((pair) => cookieName(pair) !== SESSION_COOKIE);
  if (JSON.stringify(received.filter((pair) => cookieName(pair) !== SESSION_COOKIE)) !== JSON.stringify(expected)) {
    out.push(`${where}: cookies ${JSON.stringify(received).slice(0, 300)}, the client's others were ${JSON.stringify(expected).slice(0, 300)}`);
  }
}

/** Every violation for one request; an empty list when all properties hold. */
export function violations(observation: TObservation, world: TWorld): string[] {
  const out: string[] = [];
  const { response } = observation;
  if (response.status === 0) out.push(`the proxy closed the connection without an answer (${JSON.stringify(response.raw.slice(0, 120))})`);
  if (response.status >= 500) out.push(`the proxy answered ${response.status}`);
  if (headerValues(response.headers, 'x-paperless-authorization').length) out.push('the client got X-Paperless-Authorization');
  for (const secret of world.secretsFromClient) if (response.raw.includes(secret)) out.push('the client got the real Paperless token');

  for (const call of observation.gatehouse) {
    if (!isVerifyCall(call, world.proxy) && namesClosedEndpoint(call.url))
      out.push(`the portal passed ${JSON.stringify(call.url)} on to Gatehouse (a verify path or /api/metrics)`);
  }
  for (const seen of observation.upstream) checkUpstream(seen, observation, world, out);
  return out;
}
