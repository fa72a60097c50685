/**
 * Validation of the generators' input. Every value ends up pasted into nginx, Caddy or YAML
 * syntax, so nothing is trusted: host names must be plain DNS names, upstreams plain http(s)
 * origins rebuilt from their parsed parts, addresses IP literals. A `;`, brace, quote or newline
 * can therefore never reach a configuration file.
 */
import { isIP } from 'node:net';
import type { TProxyConfig, TProxyConfigInput, TTlsMode, TUpstream } from './types';

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

function underDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Checks and normalises the generators' input; throws ProxyConfigError listing every problem
 * at once (so an admin fixes them in one go).
 */
export function validateProxyConfigInput(input: TProxyConfigInput): TProxyConfig {
  const problems: string[] = [];

  let portal: TProxyConfig['portal'] | null = null;
  try {
    const url = new URL(String(input.portalUrl).trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`portalUrl must start with https:// or http:// (got ${describe(input.portalUrl)})`);
    } else if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
      problems.push(
        `portalUrl must be the bare origin of the portal's own host, e.g. https://auth.example.com ` +
          `(the generated configs serve Gatehouse at the root of its host; got ${describe(input.portalUrl)})`,
      );
    } else {
      const host = checkHost('the host of portalUrl', url.hostname, problems);
      if (host) portal = { url: url.origin, host };
    }
  } catch {
    problems.push(`portalUrl must be an absolute URL such as https://auth.example.com (got ${describe(input.portalUrl)})`);
  }

  let cookieDomain: string | undefined;
  if (input.cookieDomain !== undefined) {
    cookieDomain = checkHost('cookieDomain', String(input.cookieDomain).replace(/^\./, ''), problems) ?? undefined;
    if (cookieDomain && portal && !underDomain(portal.host, cookieDomain)) {
      problems.push(`the portal host ${portal.host} must be the cookie domain ${cookieDomain} or one of its subdomains`);
    }
  }

  const gatehouse = checkUpstream('gatehouseUpstream', input.gatehouseUpstream, problems);

  const apps: TProxyConfig['apps'] = [];
  const seen = new Set<string>(portal ? [portal.host] : []);
  if (!Array.isArray(input.apps)) {
    problems.push('apps must be a list of { host, upstream, paperless? }');
  } else {
    input.apps.forEach((app, index) => {
      const host = checkHost(`apps[${index}].host`, app?.host, problems);
      const upstream = checkUpstream(`apps[${index}].upstream`, app?.upstream, problems);
      if (host && seen.has(host)) {
        problems.push(
          host === portal?.host
            ? `apps[${index}].host ${host} is the portal's own host: the portal is not protected by itself`
            : `apps[${index}].host ${host} appears twice`,
        );
        return;
      }
      if (host) seen.add(host);
      if (host && cookieDomain && !underDomain(host, cookieDomain)) {
        problems.push(`apps[${index}].host ${host} is outside the cookie domain ${cookieDomain}: the session cookie would never reach it`);
      }
      const paperless: unknown = app?.paperless;
      if (paperless !== undefined && typeof paperless !== 'boolean') {
        problems.push(`apps[${index}].paperless must be true or false (got ${describe(paperless)})`);
      } else if (host && upstream) {
        apps.push(paperless === true ? { host, upstream, paperless } : { host, upstream });
      }
    });
  }

  const listenInput = input.listen ?? { scheme: 'https' as const, port: 443 };
  const listen: TProxyConfig['listen'] = { scheme: listenInput.scheme, port: listenInput.port, address: undefined };
  if (listenInput.scheme !== 'https' && listenInput.scheme !== 'http') {
    problems.push(`listen.scheme must be https or http (got ${describe(listenInput.scheme)})`);
  }
  if (!Number.isInteger(listenInput.port) || listenInput.port < 1 || listenInput.port > 65535) {
    problems.push(`listen.port must be a port number between 1 and 65535 (got ${describe(listenInput.port)})`);
  }
  if (listenInput.address !== undefined) {
    const address = String(listenInput.address)
      .trim()
      .replace(/^\[(.*)\]$/, '$1');
    if (isIP(address)) listen.address = address;
    else problems.push(`listen.address must be an IP address such as 127.0.0.1 (got ${describe(listenInput.address)})`);
  }

  const tls: TTlsMode = input.tls ?? (listenInput.scheme === 'http' ? 'none' : 'automatic');
  if (!['automatic', 'files', 'none'].includes(tls)) {
    problems.push(`tls must be automatic, files or none (got ${describe(tls)})`);
  } else if (listenInput.scheme === 'http' && tls !== 'none') {
    problems.push(`tls must be none when listen.scheme is http (got ${tls})`);
  } else if (listenInput.scheme === 'https' && tls === 'none') {
    problems.push('tls cannot be none when listen.scheme is https: use automatic or files');
  }

  if (problems.length > 0 || !portal || !gatehouse) throw new ProxyConfigError(problems);
  return { portal, cookieDomain, gatehouse, apps, listen, tls };
}
