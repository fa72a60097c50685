/**
 * Reverse-proxy configuration for Gatehouse: nginx (auth_request → /api/verify), Caddy and
 * Traefik (forward auth → /api/verify/forward-auth). Pure functions of their input; nothing
 * here reads the environment or the disk.
 */
import { renderCaddyfile } from './caddy';
import { renderNginxConfig } from './nginx';
import { renderTraefikDynamicConfig } from './traefik';
import type { TNginxConfig, TProxyConfigInput } from './types';
import { validateProxyConfigInput } from './validate';

export { caddyConfig } from './caddy';
export { cookieProblem, proxyConfigForApplications, type TApplicationProxyPart, type TApplicationsProxyConfig } from './config-for-applications';
export { gatehouseUpstreamFor } from './gatehouse-upstream';
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
