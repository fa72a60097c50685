/**
 * Validates the return URL (`rd`) a user is sent back to after signing in. Only the portal
 * itself, the cookie domain and its subdomains, and explicitly configured domains qualify;
 * everything else is dropped so the portal can never be used as an open redirect.
 */
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

function hostAllowed(hostname: string, policy: ReturnUrlPolicy, portalHost: string): boolean {
  if (hostname === portalHost) return true;
  const domains = [policy.cookieDomain, ...(policy.extraDomains ?? [])].filter((d): d is string => Boolean(d));
  return domains.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/**
 * Returns a safe absolute URL (or a portal path for same-portal targets), or null to mean
 * "go to the dashboard".
 */
export function safeReturnUrl(rd: string | null | undefined, policy: ReturnUrlPolicy): string | null {
  if (typeof rd !== 'string' || rd.length === 0 || rd.length > RETURN_URL_MAX_LENGTH) return null;
  // Whitespace, control characters and backslashes are never part of a URL we issue, and
  // browsers "repair" them in ways that move the host (e.g. "/\evil.com" → "//evil.com").
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f\\]/.test(rd)) return null;
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

  if (!/^https?:\/\//i.test(rd)) return null;
  let target: URL;
  try {
    target = new URL(rd);
  } catch {
    return null;
  }
  if (target.username || target.password) return null;
  const httpOk = policy.allowHttp || portal.protocol === 'http:';
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && httpOk)) return null;
  // A percent sign surviving in the host means an encoding trick the parser did not resolve.
  if (target.hostname.includes('%') || target.hostname === '') return null;
  if (!hostAllowed(target.hostname, policy, portal.hostname)) return null;
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
