/**
 * Validation of the generators' input. Every value ends up pasted into nginx, Caddy or YAML
 * syntax, so nothing is trusted: host names must be plain DNS names, upstreams plain http(s)
 * origins rebuilt from their parsed parts, addresses IP literals. A `;`, brace, quote or newline
 * can therefore never reach a configuration file.
 */
import { isIP } from 'node:net';
import type { TListenScheme, TProxyConfig, TProxyConfigInput, TSite, TTlsMode, TUpstream } from './types';

export class ProxyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Cannot generate the proxy configuration: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ProxyConfigError';
  }
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** A DNS host name (lower-case, no port, no wildcard, not an IP address). */
export function isHostname(value: string): boolean {
  if (!HOSTNAME.test(value)) return false;
  // An all-numeric last label means an IPv4 address (or something that parses as one).
  return !/^\d+$/.test(value.split('.').pop() ?? '');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function checkHost(label: string, value: unknown, problems: string[]): string | null {
  if (typeof value !== 'string' || !isHostname(value.trim().toLowerCase())) {
    problems.push(`${label} must be a host name such as app.example.com, without scheme, port or path (got ${describe(value)})`);
    return null;
  }
  return value.trim().toLowerCase();
}

function checkUpstream(label: string, value: unknown, problems: string[]): TUpstream | null {
  const example = `${label} must be an http(s) origin such as http://127.0.0.1:8000`;
  if (typeof value !== 'string') {
    problems.push(`${example} (got ${describe(value)})`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    problems.push(`${example} (got ${describe(value)})`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${label} must start with http:// or https:// (got ${describe(value)})`);
    return null;
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    problems.push(`${label} must be a bare origin, without credentials, path, query or fragment (got ${describe(value)})`);
    return null;
  }
  // URL keeps IPv6 literals in brackets; anything else must be a host name or an IPv4 address.
  const host = url.hostname;
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  if (!isIP(bare) && !isHostname(host)) {
    problems.push(`${label} has an unusable host (got ${describe(value)})`);
    return null;
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port || (scheme === 'https' ? '443' : '80');
  const hostPort = `${host}:${port}`;
  return { scheme, hostPort, origin: `${scheme}://${hostPort}` };
}

/** True when a cookie for `domain` (Domain=domain) is sent to `host`. */
export function underDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const defaultPort = (scheme: TListenScheme) => (scheme === 'https' ? 443 : 80);

/** A public origin (`https://host[:port]`, nothing else) → host, scheme and port. */
function checkOrigin(label: string, value: unknown, problems: string[]): TSite | null {
  let url: URL;
  try {
    url = new URL(String(value).trim());
  } catch {
    problems.push(`${label} must be an absolute URL such as https://app.example.com (got ${describe(value)})`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${label} must start with https:// or http:// (got ${describe(value)})`);
    return null;
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    problems.push(
      `${label} must be the bare origin of its site, such as https://app.example.com:8443 ` +
        `(the generated configs serve each site at the root of its host; got ${describe(value)})`,
    );
    return null;
  }
  const host = checkHost(`the host of ${label}`, url.hostname, problems);
  if (!host) return null;
  const scheme: TListenScheme = url.protocol === 'https:' ? 'https' : 'http';
  return { host, scheme, port: url.port ? Number(url.port) : defaultPort(scheme) };
}

/** `listen`: an optional address, and an optional scheme + port replacing the portal URL's. */
function checkListen(input: TProxyConfigInput['listen'], problems: string[]): { address: string | undefined; site: Omit<TSite, 'host'> | null } {
  const listen = { address: undefined as string | undefined, site: null as Omit<TSite, 'host'> | null };
  if (input === undefined) return listen;
  if (input.scheme !== undefined || input.port !== undefined) {
    if (input.scheme !== 'https' && input.scheme !== 'http') problems.push(`listen.scheme must be https or http (got ${describe(input.scheme)})`);
    else if (!Number.isInteger(input.port) || (input.port ?? 0) < 1 || (input.port ?? 0) > 65535) {
      problems.push(`listen.port must be a port number between 1 and 65535 (got ${describe(input.port)})`);
    } else listen.site = { scheme: input.scheme, port: input.port as number };
  }
  if (input.address !== undefined) {
    const address = String(input.address)
      .trim()
      .replace(/^\[(.*)\]$/, '$1');
    if (isIP(address)) listen.address = address;
    else problems.push(`listen.address must be an IP address such as 127.0.0.1 (got ${describe(input.address)})`);
  }
  return listen;
}

function checkApps(input: TProxyConfigInput, portal: TSite | null, fallback: Omit<TSite, 'host'> | null, cookieDomain: string | undefined, problems: string[]) {
  const apps: TProxyConfig['apps'] = [];
  const seen = new Set<string>(portal ? [`${portal.host}:${portal.port}`] : []);
  if (!Array.isArray(input.apps)) {
    problems.push('apps must be a list of { url or host, upstream, paperless? }');
    return apps;
  }
  input.apps.forEach((app, index) => {
    let site: TSite | null = null;
    if ((app?.url === undefined) === (app?.host === undefined)) problems.push(`apps[${index}] needs either url or host`);
    else if (app.url !== undefined) site = checkOrigin(`apps[${index}].url`, app.url, problems);
    else {
      const host = checkHost(`apps[${index}].host`, app.host, problems);
      if (host && fallback) site = { host, ...fallback };
    }
    const upstream = checkUpstream(`apps[${index}].upstream`, app?.upstream, problems);
    if (site) {
      const key = `${site.host}:${site.port}`;
      const field = app.url !== undefined ? 'url' : 'host';
      const portNote = app.url !== undefined ? ` (port ${site.port})` : '';
      if (seen.has(key)) {
        problems.push(
          site.host === portal?.host
            ? `apps[${index}].${field} ${site.host} is the portal's own host (port ${site.port}): the portal is not protected by itself`
            : `apps[${index}].${field} ${site.host}${portNote} appears twice`,
        );
        return;
      }
      seen.add(key);
      if (cookieDomain && !underDomain(site.host, cookieDomain)) {
        problems.push(`apps[${index}] host ${site.host} is outside the cookie domain ${cookieDomain}: the session cookie would never reach it`);
      }
    }
    const paperless: unknown = app?.paperless;
    if (paperless !== undefined && typeof paperless !== 'boolean') {
      problems.push(`apps[${index}].paperless must be true or false (got ${describe(paperless)})`);
    } else if (site && upstream) {
      apps.push(paperless === true ? { ...site, upstream, paperless } : { ...site, upstream });
    }
  });
  return apps;
}

/** One port cannot serve both http and https (an nginx listen socket, a Traefik entry point). */
function checkPorts(sites: TSite[], problems: string[]): void {
  const schemes = new Map<number, TListenScheme>();
  for (const site of sites) {
    const other = schemes.get(site.port);
    if (other && other !== site.scheme) problems.push(`port ${site.port} cannot serve both http and https (${site.host} is ${site.scheme})`);
    schemes.set(site.port, site.scheme);
  }
}

/**
 * Checks and normalises the generators' input; throws ProxyConfigError listing every problem
 * at once (so an admin fixes them in one go).
 */
export function validateProxyConfigInput(input: TProxyConfigInput): TProxyConfig {
  const problems: string[] = [];
  const listen = checkListen(input.listen, problems);

  let portal: TProxyConfig['portal'] | null = null;
  const portalSite = checkOrigin('portalUrl', input.portalUrl, problems);
  if (portalSite) {
    // The origin as URL writes it: lower-case host, no default port.
    portal = { ...portalSite, ...(listen.site ?? {}), url: new URL(String(input.portalUrl).trim()).origin };
  }

  let cookieDomain: string | undefined;
  if (input.cookieDomain !== undefined) {
    cookieDomain = checkHost('cookieDomain', String(input.cookieDomain).replace(/^\./, ''), problems) ?? undefined;
    if (cookieDomain && portal && !underDomain(portal.host, cookieDomain)) {
      problems.push(`the portal host ${portal.host} must be the cookie domain ${cookieDomain} or one of its subdomains`);
    }
  }

  const gatehouse = checkUpstream('gatehouseUpstream', input.gatehouseUpstream, problems);
  const fallback = listen.site ?? (portal ? { scheme: portal.scheme, port: portal.port } : null);
  const apps = checkApps(input, portal, fallback, cookieDomain, problems);
  checkPorts([...(portal ? [portal] : []), ...apps], problems);

  const https = [portal, ...apps].some((site) => site?.scheme === 'https');
  const tls: TTlsMode = input.tls ?? (https ? 'automatic' : 'none');
  if (!['automatic', 'files', 'none'].includes(tls)) {
    problems.push(`tls must be automatic, files or none (got ${describe(tls)})`);
  } else if (!https && tls !== 'none') {
    problems.push(`tls must be none when every site is plain http (got ${tls})`);
  } else if (https && tls === 'none') {
    problems.push('tls cannot be none when a site is https: use automatic or files');
  }

  if (problems.length > 0 || !portal || !gatehouse) throw new ProxyConfigError(problems);
  return { portal, cookieDomain, gatehouse, apps, listen: { address: listen.address }, tls };
}
