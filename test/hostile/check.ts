/**
 * Holds one answer to a case's expectation (and to the corpus-wide rule: never a 5xx, always an
 * HTTP answer). Returns the list of what is wrong; empty means the case passed.
 */
import type { Expectation, HeaderExpectation } from './corpus';
import type { RawReply } from './raw-http';

export type CheckContext = {
  cookieName: string;
  /** Host names a return URL may lead to (exact), and domains it may be under. */
  portalHost: string;
  allowedDomains: string[];
  /** Fills {{placeholders}} in expected values. */
  fill(text: string): string;
};

const STRICT_DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?![0-9]+$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function redirectOf(reply: RawReply): string | null {
  const location = reply.headers.location?.[0];
  if (location !== undefined) return location;
  const action = reply.headers['x-action-redirect']?.[0];
  return action === undefined ? null : action.replace(/;(push|replace)$/, '');
}

/** A redirect target stays on the portal or an allowed host (strict DNS name, no credentials). */
export function withinAllowedHosts(target: string, context: CheckContext): boolean {
  let url: URL;
  try {
    url = new URL(target, `http://${context.portalHost}/`);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // A relative redirect must not be scheme-relative ("//evil") or smuggle a backslash.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && (target.startsWith('//') || target.includes('\\'))) return false;
  const host = url.hostname;
  if (host === context.portalHost) return true;
  if (!STRICT_DNS_NAME.test(host)) return false;
  return context.allowedDomains.some((domain) => host === domain || (host.endsWith(`.${domain}`) && !/(^|\.)xn--/.test(host.slice(0, -domain.length - 1))));
}

function checkHeader(name: string, values: string[] | undefined, expected: HeaderExpectation, context: CheckContext, problems: string[]): void {
  if (values === undefined) {
    problems.push(`header ${name} is missing`);
    return;
  }
  const value = values.join(', ');
  if (expected.equals !== undefined && value !== context.fill(expected.equals))
    problems.push(`header ${name} is ${JSON.stringify(value.slice(0, 300))}, expected ${JSON.stringify(context.fill(expected.equals))}`);
  for (const part of expected.includes ?? [])
    if (!value.includes(context.fill(part))) problems.push(`header ${name} lacks ${JSON.stringify(context.fill(part))}`);
  for (const part of expected.excludes ?? [])
    if (value.includes(context.fill(part))) problems.push(`header ${name} contains ${JSON.stringify(context.fill(part).slice(0, 80))}`);
  if (expected.maxLength !== undefined && Buffer.byteLength(value) > expected.maxLength)
    problems.push(`header ${name} is ${Buffer.byteLength(value)} bytes, more than ${expected.maxLength}`);
  if (expected.matches && !expected.matches.test(value))
    problems.push(`header ${name} ${JSON.stringify(value.slice(0, 200))} does not match ${expected.matches}`);
}

/** Set-Cookie lines for our session cookie: `{ value, attributes }`. */
function sessionCookies(reply: RawReply, name: string): { value: string; attributes: string }[] {
  return (reply.headers['set-cookie'] ?? [])
    .filter((line) => line.startsWith(`${name}=`))
    .map((line) => {
      const semicolon = line.indexOf(';');
      return {
        value: line.slice(name.length + 1, semicolon < 0 ? undefined : semicolon),
        attributes: semicolon < 0 ? '' : line.slice(semicolon).toLowerCase(),
      };
    });
}

const expired = (attributes: string) => /max-age=0/.test(attributes) || /expires=thu, 01 jan 1970/.test(attributes);

export function checkReply(reply: RawReply, expected: Expectation, context: CheckContext): string[] {
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`answered ${reply.status} (never a 5xx for hostile input)`);
  if (expected.status !== undefined && reply.status !== expected.status) problems.push(`status ${reply.status}, expected ${expected.status}`);
  if (expected.statusIn && !expected.statusIn.includes(reply.status)) problems.push(`status ${reply.status}, expected one of ${expected.statusIn.join(', ')}`);
  if (expected.notStatus?.includes(reply.status)) problems.push(`status ${reply.status}, which this case must never get`);
  for (const part of expected.bodyIncludes ?? [])
    if (!reply.body.includes(context.fill(part))) problems.push(`body lacks ${JSON.stringify(context.fill(part))}`);
  for (const part of expected.bodyExcludes ?? [])
    if (reply.body.includes(context.fill(part))) problems.push(`body contains ${JSON.stringify(context.fill(part).slice(0, 80))}`);
  for (const [name, header] of Object.entries(expected.headers ?? {})) checkHeader(name, reply.headers[name], header, context, problems);
  for (const name of expected.headerAbsent ?? [])
    if (reply.headers[name] !== undefined) problems.push(`header ${name} is present (${JSON.stringify(reply.headers[name]!.join(', ').slice(0, 120))})`);

  const cookies = sessionCookies(reply, context.cookieName);
  if (expected.noSession && cookies.some((c) => c.value !== '' && !expired(c.attributes))) problems.push('a session cookie was set');
  for (const kind of expected.expiresSessionCookies ?? []) {
    const found = cookies.some((c) => expired(c.attributes) && (kind === 'domain') === /domain=/.test(c.attributes));
    if (!found) problems.push(`the ${kind === 'domain' ? 'domain' : 'host-only'} session cookie is not expired`);
  }

  if (expected.redirect) {
    const target = redirectOf(reply);
    if (target === null) {
      if (!expected.redirect.optional) problems.push('no redirect');
    } else {
      if (expected.redirect.to !== undefined && target !== context.fill(expected.redirect.to))
        problems.push(`redirects to ${JSON.stringify(target.slice(0, 300))}, expected ${JSON.stringify(context.fill(expected.redirect.to))}`);
      if (expected.redirect.withinAllowedHosts && !withinAllowedHosts(target, context))
        problems.push(`redirects outside the allowed hosts: ${JSON.stringify(target.slice(0, 300))}`);
    }
  }

  if (expected.refusal) {
    const clientError = reply.status >= 400 && reply.status < 500;
    const stated = /"status":"error"|"ok":false/.test(reply.body);
    if (!clientError && !stated) problems.push(`no clear refusal: status ${reply.status}, body ${JSON.stringify(reply.body.slice(0, 200))}`);
  }
  return problems;
}
