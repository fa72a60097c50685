/**
 * Reverse-proxy configuration for Gatehouse: nginx (auth_request → /api/verify), Caddy and
 * Traefik (forward auth → /api/verify/forward-auth). Pure functions of their input; nothing
 * here reads the environment or the disk.
 */
import { isIP } from 'node:net';
import type { CookieEnv, ListenEnv, PortalEnv } from '../config';
import { renderCaddyfile } from './caddy';
import { renderNginxConfig } from './nginx';
import { renderTraefikDynamicConfig } from './traefik';
import type { TNginxConfig, TProxyConfigInput } from './types';
import { validateProxyConfigInput } from './validate';

export { caddyConfig } from './caddy';
export { nginxConfig } from './nginx';
export { traefikDynamicConfig } from './traefik';
export { IDENTITY_HEADERS, PAPERLESS_AUTHORIZATION_HEADER, PAPERLESS_PROBE_PATHS, STRIPPED_REQUEST_HEADERS } from './types';
export type { TNginxConfig, TProxyAppInput, TProxyConfigFile, TProxyConfigInput } from './types';
export { isHostname, ProxyConfigError, validateProxyConfigInput } from './validate';

export type TProxyConfigs = { nginx: TNginxConfig; caddy: string; traefik: string };

/** All three configurations from one input (validated once). Throws ProxyConfigError. */
export function proxyConfigFor(input: TProxyConfigInput): TProxyConfigs {
  const config = validateProxyConfigInput(input);
  return { nginx: renderNginxConfig(config), caddy: renderCaddyfile(config), traefik: renderTraefikDynamicConfig(config) };
}

/** Where a proxy on the same machine reaches Gatehouse, given the address it listens on. */
export function gatehouseUpstreamFor(listenHost: string, port: number): string {
  const host = listenHost.replace(/^\[(.*)\]$/, '$1');
  // Wildcards and loopback names all accept connections on 127.0.0.1.
  if (host === '0.0.0.0' || host === '::' || host === 'localhost' || host.startsWith('127.')) return `http://127.0.0.1:${port}`;
  if (isIP(host) === 6) return `http://[${host}]:${port}`;
  return `http://${host}:${port}`;
}

/**
 * Builds the generators' input from Gatehouse's configuration, with one example app
 * (`paperless.<cookie domain or example.com>` → http://127.0.0.1:8000) for the admin to edit.
 * A proxy on another host or in another container must pass `gatehouseUpstream` itself.
 */
export function proxyConfigInputFromEnv(
  env: Pick<PortalEnv, 'url'> & Pick<CookieEnv, 'cookie'> & ListenEnv,
  overrides: Partial<TProxyConfigInput> = {},
): TProxyConfigInput {
  const url = new URL(env.url);
  const appDomain = env.cookie.domain ?? 'example.com';
  return {
    portalUrl: url.origin,
    ...(env.cookie.domain ? { cookieDomain: env.cookie.domain } : {}),
    gatehouseUpstream: gatehouseUpstreamFor(env.listenHost, env.port),
    apps: [{ host: `paperless.${appDomain}`, upstream: 'http://127.0.0.1:8000' }],
    listen: url.protocol === 'http:' ? { scheme: 'http', port: 80 } : { scheme: 'https', port: 443 },
    ...overrides,
  };
}
