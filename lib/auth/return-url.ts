/**
 * Validates the return URL (`rd`) a user is sent back to after signing in. Only the portal
 * itself, the cookie domain and its subdomains, and explicitly configured domains qualify;
 * everything else is dropped so the portal can never be used as an open redirect.
 *
 * One canonical form, refused otherwise: the raw value is plain visible ASCII (a Unicode
 * look-alike such as "pаperless" with a Cyrillic "а" is never silently turned into punycode by
 * the URL parser), the authority is exactly `host[:port]` (no userinfo, no percent-escapes, no
 * backslashes), and the host is a syntactically valid DNS name: labels of letters, digits and
 * inner hyphens, 1–63 characters each, no empty label, at most 253 in all, and not a name the
 * URL parser would read as an IPv4 address. A punycode label (`xn--…`) is accepted only as part
 * of a name an admin configured (the portal host, the cookie domain, an extra domain), and only
 * when it round-trips through Unicode unchanged: a look-alike of an app under the cookie domain
 * is refused unless an admin named it.
 */
import { domainToASCII, domainToUnicode } from 'node:url';

export type ReturnUrlPolicy = {
  portalUrl: string;
  cookieDomain?: string;
  extraDomains?: readonly string[];
  allowHttp: boolean;
};

export const RETURN_URL_MAX_LENGTH = 2048;

/** The policy for this instance: its URL, cookie domain and GATEHOUSE_REDIRECT_DOMAINS. */
export function returnUrlPolicyOf(env: { url: string; cookie: { domain?: string }; redirectDomains: string[]; allowHttp: boolean }): ReturnUrlPolicy {
  return { portalUrl: env.url, cookieDomain: env.cookie.domain, extraDomains: env.redirectDomains, allowHttp: env.allowHttp };
}

/** Visible ASCII only: no whitespace, control characters or Unicode anywhere in `rd`. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** `http(s)://authority` followed by a path, query, fragment or nothing. */
const ABSOLUTE = /^(https?):\/\/([^/?#]*)([/?#].*)?$/i;
/** `host[:port]`: a name (checked below) or a bracketed IPv6 literal, and a port without leading zeros. */
const AUTHORITY = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([1-9][0-9]{0,4}))?$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A last label the URL parser reads as a number, turning the name into an IPv4 address. */
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;

/**
 * A syntactically valid DNS host name in canonical (lower-case ASCII) form: LDH labels of 1–63
 * characters, no empty label (so no leading, trailing or doubled dot), at most 253 characters,
 * and a last label that is not numeric (which would make it an IPv4 address to the URL parser).
 */
export function isDnsHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  return labels.every((label) => LABEL.test(label)) && !NUMERIC_LABEL.test(labels[labels.length - 1]!);
}

const isPunycode = (label: string) => label.startsWith('xn--');

/** Punycode that decodes and encodes back to itself (the URL parser refuses most other spellings too). */
function punycodeRoundTrips(name: string): boolean {
  if (!name.split('.').some(isPunycode)) return true;
  const unicode = domainToUnicode(name);
  return unicode !== '' && domainToASCII(unicode) === name;
}

/** The names an admin configured: the portal host (exactly) and the domains a return URL may be under. */
function configuredDomains(policy: ReturnUrlPolicy): string[] {
  return [policy.cookieDomain, ...(policy.extraDomains ?? [])].filter((d): d is string => Boolean(d)).map((d) => d.toLowerCase());
}

/**
 * Whether `host` (lower case) may be returned to: the portal host, or a configured domain or a
 * name under it whose own labels (the part left of the configured domain) carry no punycode.
 */
export function returnHostAllowed(host: string, policy: ReturnUrlPolicy): boolean {
  if (host === new URL(policy.portalUrl).hostname) return true;
  if (!isDnsHostName(host) || !punycodeRoundTrips(host)) return false;
  return configuredDomains(policy).some((domain) => {
    if (host === domain) return true;
    if (!host.endsWith(`.${domain}`)) return false;
    return !host
      .slice(0, -domain.length - 1)
      .split('.')
      .some(isPunycode);
  });
}

/**
 * Returns a safe absolute URL (or a portal path for same-portal targets), or null to mean
 * "go to the dashboard".
 */
export function safeReturnUrl(rd: string | null | undefined, policy: ReturnUrlPolicy): string | null {
  if (typeof rd !== 'string' || rd.length === 0 || rd.length > RETURN_URL_MAX_LENGTH) return null;
  // Browsers "repair" backslashes, whitespace and control characters in ways that move the
  // host (e.g. "/\evil.com" → "//evil.com"); the URL parser turns Unicode hosts into punycode.
  if (!VISIBLE_ASCII.test(rd) || rd.includes('\\')) return null;
  const portal = new URL(policy.portalUrl);

  if (rd.startsWith('/')) {
    if (rd.startsWith('//')) return null;
    let target: URL;
    try {
      target = new URL(rd, portal);
    } catch {
      return null;
    }
    if (target.origin !== portal.origin) return null;
    return portalPath(target);
  }

  const absolute = ABSOLUTE.exec(rd);
  if (!absolute) return null;
  const scheme = absolute[1]!.toLowerCase();
  const httpOk = policy.allowHttp || portal.protocol === 'http:';
  if (scheme !== 'https' && !(scheme === 'http' && httpOk)) return null;
  const authority = AUTHORITY.exec(absolute[2]!);
  if (!authority) return null;
  const host = authority[1]!.toLowerCase();
  if (authority[2] !== undefined && Number(authority[2]) > 65535) return null;
  if (!returnHostAllowed(host, policy)) return null;

  let target: URL;
  try {
    target = new URL(rd);
  } catch {
    return null;
  }
  // The parser must have read the same host we judged, and no credentials.
  if (target.hostname !== host || target.username || target.password) return null;
  if (target.origin === portal.origin) return portalPath(target);
  return target.href;
}

/**
 * The path form of a URL on the portal. Dot segments can resolve to a path such as
 * "//evil.com" ("/..//evil.com"), which a browser reads as another host: refused.
 */
function portalPath(target: URL): string | null {
  if (target.pathname.startsWith('//')) return null;
  return target.pathname + target.search + target.hash;
}
