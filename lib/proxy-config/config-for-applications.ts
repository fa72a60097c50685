/**
 * The proxy configuration for the stored applications: builds the generators' input from
 * Gatehouse's own configuration (public URL, cookie domain, listen address) and the
 * applications, leaves out every URL the session cookie can never reach (and says why), and
 * cuts out each application's own part (its server blocks, sites and routers). Pure: the caller
 * reads the applications and the stored upstream.
 */
import type { CookieEnv, ListenEnv, PortalEnv } from '../config';
import type { TApplication } from '../applications/types';
import { caddyAppSite, renderCaddyfile } from './caddy';
import { gatehouseUpstreamFor } from './gatehouse-upstream';
import { renderNginxConfig } from './nginx';
import { appServer, appUpstream } from './nginx/site-file';
import { renderTraefikAppPart, renderTraefikDynamicConfig, traefikEntryPoint } from './traefik';
import type { TNginxConfig, TProxyAppInput, TProxyConfig, TProxyConfigInput } from './types';
import { ProxyConfigError, underDomain, validateProxyConfigInput } from './validate';

export type TProxyEnv = Pick<PortalEnv, 'url'> & Pick<CookieEnv, 'cookie'> & ListenEnv;

/** One application's part of each configuration, for `/admin/proxy?app=<id>`. */
export type TApplicationProxyPart = { nginx: string; caddy: string; traefik: string; entryPoints: string[] };

export type TApplicationProxyProblem = { applicationId: string; name: string; url: string | null; problem: string };

export type TApplicationsProxyConfig = {
  input: TProxyConfigInput;
  /** null when nothing could be generated (see problems). */
  configs: { nginx: TNginxConfig; caddy: string; traefik: string } | null;
  /** By application id: only applications with at least one usable URL. */
  parts: Map<string, TApplicationProxyPart>;
  /** URLs left out (the cookie never reaches them, or the generators refuse them). */
  problems: TApplicationProxyProblem[];
  /** Problems of the whole input (the portal URL, the upstream): nothing was generated. */
  errors: string[];
};

/**
 * Why the session cookie never reaches `host`, or null when it does. With a cookie domain it is
 * sent to that domain and its subdomains; without one only to the portal's own host (on any
 * port: cookies ignore ports).
 */
export function cookieProblem(host: string, portalHost: string, cookieDomain: string | undefined): string | null {
  if (cookieDomain) {
    return underDomain(host, cookieDomain)
      ? null
      : `${host} is not under the cookie domain ${cookieDomain}, so the session cookie never reaches it: nobody could sign in to it. ` +
          `Use a URL under ${cookieDomain}, or change GATEHOUSE_COOKIE_DOMAIN.`;
  }
  return host === portalHost
    ? null
    : `No cookie domain is set, so the session cookie belongs to ${portalHost} only and never reaches ${host}: nobody could sign in to it. ` +
        `Set GATEHOUSE_COOKIE_DOMAIN to a parent domain of both (for example ${parentOf(portalHost)}), or serve the application on ${portalHost} with another port.`;
}

function parentOf(host: string): string {
  const labels = host.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : host;
}

/** The generators' input for the applications, and what was left out. */
export function proxyConfigForApplications(env: TProxyEnv, applications: TApplication[], gatehouseUpstream?: string): TApplicationsProxyConfig {
  const portal = new URL(env.url);
  const cookieDomain = env.cookie.domain?.replace(/^\./, '');
  const base: TProxyConfigInput = {
    portalUrl: portal.origin,
    ...(cookieDomain ? { cookieDomain } : {}),
    gatehouseUpstream: gatehouseUpstream ?? gatehouseUpstreamFor(env.listenHost, env.port),
    apps: [],
  };
  const problems: TApplicationProxyProblem[] = [];
  // The portal URL or the upstream is wrong: every application would fail the same way.
  const errors = baseErrors(base);
  if (errors.length > 0) return { input: base, configs: null, parts: new Map(), problems, errors };
  const owners: string[] = [];
  const apps: TProxyAppInput[] = [];
  for (const application of applications) {
    for (const url of application.urls) {
      const report = (problem: string) => problems.push({ applicationId: application.id, name: application.name, url, problem });
      let host: string;
      try {
        host = new URL(url).hostname;
      } catch {
        report(`${url} is not a URL.`);
        continue;
      }
      const cookie = cookieProblem(host, portal.hostname, cookieDomain);
      if (cookie) {
        report(cookie);
        continue;
      }
      const app: TProxyAppInput = { url, upstream: application.upstream, ...(application.kind === 'paperless' ? { paperless: true } : {}) };
      try {
        validateProxyConfigInput({ ...base, apps: [...apps, app] });
      } catch (error) {
        if (!(error instanceof ProxyConfigError)) throw error;
        report(error.problems.map((p) => p.replace(/^apps\[\d+\]\.?\w*\s*/, '')).join('; '));
        continue;
      }
      apps.push(app);
      owners.push(application.id);
    }
  }
  const input = { ...base, apps };
  let config: TProxyConfig;
  try {
    config = validateProxyConfigInput(input);
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    return { input, configs: null, parts: new Map(), problems, errors: error.problems };
  }
  return {
    input,
    configs: { nginx: renderNginxConfig(config), caddy: renderCaddyfile(config), traefik: renderTraefikDynamicConfig(config) },
    parts: partsOf(config, owners),
    problems,
    errors: [],
  };
}

function baseErrors(base: TProxyConfigInput): string[] {
  try {
    validateProxyConfigInput(base);
    return [];
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    return error.problems;
  }
}

/** Each application's server blocks, sites and routers (`owners[i]` owns `config.apps[i]`). */
function partsOf(config: TProxyConfig, owners: string[]): Map<string, TApplicationProxyPart> {
  const parts = new Map<string, TApplicationProxyPart>();
  owners.forEach((owner, index) => {
    const part = parts.get(owner) ?? { nginx: '', caddy: '', traefik: '', entryPoints: [] };
    const app = config.apps[index]!;
    const join = (before: string, text: string) => (before ? `${before}\n${text}` : text);
    part.nginx = join(part.nginx, [...appUpstream(config, index), '', ...appServer(config, index, false)].join('\n').concat('\n'));
    part.caddy = join(part.caddy, `${caddyAppSite(config, app).join('\n')}\n`);
    part.traefik = join(part.traefik, renderTraefikAppPart(config, index));
    const entryPoint = `${traefikEntryPoint(app)} (":${app.port}")`;
    if (!part.entryPoints.includes(entryPoint)) part.entryPoints.push(entryPoint);
    parts.set(owner, part);
  });
  return parts;
}
