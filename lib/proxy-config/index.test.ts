import { describe, expect, it } from 'vitest';
import { caddyConfig, gatehouseUpstreamFor, nginxConfig, ProxyConfigError, proxyConfigFor, proxyConfigInputFromEnv, traefikDynamicConfig } from './index';

const env = {
  url: 'https://auth.example.com',
  cookie: { name: 'gatehouse_session', domain: 'example.com', secure: true },
  port: 9091,
  listenHost: '127.0.0.1',
};

describe('proxyConfigInputFromEnv', () => {
  it("builds the input from Gatehouse's configuration with an example Paperless app", () => {
    expect(proxyConfigInputFromEnv(env)).toEqual({
      portalUrl: 'https://auth.example.com',
      cookieDomain: 'example.com',
      gatehouseUpstream: 'http://127.0.0.1:9091',
      apps: [{ host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' }],
      listen: { scheme: 'https', port: 443 },
    });
  });

  it('falls back to example.com without a cookie domain, and to plain http for an http portal', () => {
    const input = proxyConfigInputFromEnv({ ...env, url: 'http://localhost:9091', cookie: { ...env.cookie, domain: undefined } });
    expect(input.cookieDomain).toBeUndefined();
    expect(input.portalUrl).toBe('http://localhost:9091');
    expect(input.apps).toEqual([{ host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' }]);
    expect(input.listen).toEqual({ scheme: 'http', port: 80 });
    expect(() => proxyConfigFor(input)).not.toThrow();
  });

  it('lets the caller override any field', () => {
    const input = proxyConfigInputFromEnv(env, { gatehouseUpstream: 'http://gatehouse:9091', apps: [] });
    expect(input.gatehouseUpstream).toBe('http://gatehouse:9091');
    expect(input.apps).toEqual([]);
  });
});

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
    const input = proxyConfigInputFromEnv(env);
    expect(proxyConfigFor(input)).toEqual({ nginx: nginxConfig(input), caddy: caddyConfig(input), traefik: traefikDynamicConfig(input) });
  });

  it('passes the Paperless marking on to all three generators', () => {
    const input = proxyConfigInputFromEnv(env, { apps: [{ host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true }] });
    const configs = proxyConfigFor(input);
    expect(configs.nginx.full).toContain('auth_request_set $gatehouse_paperless_authorization $upstream_http_x_paperless_authorization;');
    expect(configs.caddy).toContain('import gatehouse_paperless');
    expect(configs.traefik).toContain('gatehouse-paperless-anonymous');
  });

  it('throws ProxyConfigError for bad input', () => {
    expect(() => proxyConfigFor({ ...proxyConfigInputFromEnv(env), gatehouseUpstream: 'javascript:alert(1)' })).toThrow(ProxyConfigError);
  });
});
