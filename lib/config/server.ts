/** Who the portal is and where it answers: its public URL, its listener and its session cookie. */
import { DOMAIN_PATTERN } from './fields';
import { isLoopbackHost } from './loopback';
import type { RawEnv } from './variables';

export type PortalEnv = {
  nodeEnv: 'production' | 'development' | 'test';
  appName: string;
  /** Public URL of the portal, without a trailing slash. */
  url: string;
  origin: string;
  /** Extra domains (besides the cookie domain) a return URL may point at. */
  redirectDomains: string[];
};

export type ListenEnv = { listenHost: string; port: number };

export type CookieConfig = { name: string; domain: string | undefined; secure: boolean };

export type CookieEnv = { cookie: CookieConfig; allowHttp: boolean };

/** GATEHOUSE_URL (else http://localhost:<port>), refused over plain http off this machine unless allowed. */
export function portalUrl(raw: RawEnv, invalid: Set<string>, problems: string[]): URL | null {
  const url = invalid.has('GATEHOUSE_PORT') && !raw.GATEHOUSE_URL ? null : parseUrl(raw.GATEHOUSE_URL ?? `http://localhost:${raw.GATEHOUSE_PORT}`, problems);
  if (url && url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !raw.GATEHOUSE_ALLOW_HTTP) {
    problems.push(
      `GATEHOUSE_URL must use https:// for a host other than localhost (got ${url.origin}); ` +
        'session cookies are marked Secure. Set GATEHOUSE_ALLOW_HTTP=true only on a trusted network.',
    );
  }
  return url;
}

function parseUrl(text: string, problems: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`GATEHOUSE_URL must be an absolute URL such as https://auth.example.com (got "${text}")`);
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`GATEHOUSE_URL must start with https:// or http:// (got "${text}")`);
    return null;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(`GATEHOUSE_URL must not contain credentials, a query or a fragment (got "${text}")`);
    return null;
  }
  return url;
}

/** The cookie domain, without a leading dot: the portal's host or a parent domain of it. */
export function cookieDomainOf(raw: RawEnv, invalid: Set<string>, url: URL | null, problems: string[]): string | undefined {
  const cookieDomain = raw.GATEHOUSE_COOKIE_DOMAIN?.replace(/^\./, '').toLowerCase();
  if (cookieDomain !== undefined && !invalid.has('GATEHOUSE_COOKIE_DOMAIN')) {
    if (!DOMAIN_PATTERN.test(cookieDomain)) {
      problems.push(`GATEHOUSE_COOKIE_DOMAIN must be a domain name such as example.com (got "${raw.GATEHOUSE_COOKIE_DOMAIN}")`);
    } else if (url && url.hostname !== cookieDomain && !url.hostname.endsWith(`.${cookieDomain}`)) {
      problems.push(`GATEHOUSE_COOKIE_DOMAIN (${cookieDomain}) must be the host of GATEHOUSE_URL (${url.hostname}) or a parent domain of it`);
    }
  }
  return cookieDomain;
}

export function redirectDomainsOf(raw: RawEnv, problems: string[]): string[] {
  const redirectDomains = raw.GATEHOUSE_REDIRECT_DOMAINS.split(',')
    .map((d) => d.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean);
  for (const domain of redirectDomains) {
    if (!DOMAIN_PATTERN.test(domain)) problems.push(`GATEHOUSE_REDIRECT_DOMAINS: "${domain}" is not a domain name`);
  }
  return redirectDomains;
}
