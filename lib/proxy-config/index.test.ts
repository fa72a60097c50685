import { describe, expect, it } from 'vitest';
import { caddyConfig, gatehouseUpstreamFor, nginxConfig, ProxyConfigError, proxyConfigFor, type TProxyConfigInput, traefikDynamicConfig } from './index';

const input: TProxyConfigInput = {
  portalUrl: 'https://auth.example.com',
  cookieDomain: 'example.com',
  gatehouseUpstream: 'http://127.0.0.1:9091',
  apps: [{ url: 'https://paperless.example.com', upstream: 'http://127.0.0.1:8000' }],
};

describe('gatehouseUpstreamFor', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:9091'],
    ['localhost', 'http://127.0.0.1:9091'],
    ['0.0.0.0', 'http://127.0.0.1:9091'],
    ['::', 'http://127.0.0.1:9091'],
    ['::1', 'http://[::1]:9091'],
    ['192.168.1.5', 'http://192.168.1.5:9091'],
    ['gatehouse.lan', 'http://gatehouse.lan:9091'],
  ])('listening on %s → %s', (listenHost, expected) => {
    expect(gatehouseUpstreamFor(listenHost, 9091)).toBe(expected);
  });
});

describe('proxyConfigFor', () => {
  it('returns the same nginx, Caddy and Traefik output as the single generators', () => {
    expect(proxyConfigFor(input)).toEqual({ nginx: nginxConfig(input), caddy: caddyConfig(input), traefik: traefikDynamicConfig(input) });
  });

  it('passes the Paperless marking on to all three generators', () => {
    const configs = proxyConfigFor({ ...input, apps: [{ url: 'https://paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true }] });
    expect(configs.nginx.full).toContain('auth_request_set $gatehouse_paperless_authorization $upstream_http_x_paperless_authorization;');
    expect(configs.caddy).toContain('import gatehouse_paperless');
    expect(configs.traefik).toContain('gatehouse-paperless-anonymous');
  });

  it('throws ProxyConfigError for bad input', () => {
    expect(() => proxyConfigFor({ ...input, gatehouseUpstream: 'javascript:alert(1)' })).toThrow(ProxyConfigError);
  });
});
