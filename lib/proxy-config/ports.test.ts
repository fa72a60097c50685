/**
 * Every site listens on the scheme and port of its own public URL: nginx `listen`, the Caddy
 * site address and the Traefik entry point follow the URL, and the host nginx judges
 * (`$gatehouse_host`) carries the port exactly when it is not the scheme's default. Traefik
 * cannot be installed here (no Debian package, and its npm package downloads from GitHub), so its output is
 * checked as data only (traefik.test.ts has the schema checks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { caddyConfig } from './caddy';
import { nginxConfig } from './nginx';
import { traefikDynamicConfig } from './traefik';
import type { TProxyConfigInput } from './types';
import { validateProxyConfigInput } from './validate';

type TRouter = { rule: string; entryPoints: string[]; middlewares: string[]; tls?: Record<string, string> };
const routersOf = (yaml: string) => (parseYaml(yaml) as { http: { routers: Record<string, TRouter> } }).http.routers;

/** The directives of the nginx server block for `host` listening on `port` (comments and nested blocks dropped). */
function serverLines(text: string, host: string, port: number): string[] {
  const found: string[][] = [];
  let depth = 0;
  let current: string[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') continue;
    if (line.endsWith('{')) {
      depth++;
      if (depth === 1 && line === 'server {') current = [];
      continue;
    }
    if (line === '}') {
      depth--;
      if (depth === 0 && current) {
        found.push(current);
        current = null;
      }
      continue;
    }
    if (depth === 1 && current) current.push(line);
  }
  const matching = found.filter((lines) => lines.includes(`server_name ${host};`) && lines.some((l) => new RegExp(`^listen (.*:)?${port}( ssl)?;$`).test(l)));
  expect(matching, `${host}:${port}`).toHaveLength(1);
  return matching[0]!;
}

const BASE: TProxyConfigInput = {
  portalUrl: 'http://auth.localhost:9091',
  cookieDomain: 'localhost',
  gatehouseUpstream: 'http://127.0.0.1:9091',
  apps: [
    { url: 'http://whoami.localhost:8080', upstream: 'http://127.0.0.1:8001' },
    { url: 'https://secure.localhost:8443', upstream: 'http://127.0.0.1:8002', paperless: true },
    { url: 'https://plain.localhost', upstream: 'http://127.0.0.1:8003' },
  ],
};

describe('sites on the ports of their own URLs', () => {
  it('nginx: each server block listens on its own port, ssl only for https, and judges host:port', () => {
    const full = nginxConfig(BASE).full;
    expect(serverLines(full, 'auth.localhost', 9091)).toEqual(
      expect.arrayContaining(['listen 9091;', 'listen [::]:9091;', 'set $gatehouse_host auth.localhost:9091;']),
    );
    const whoami = serverLines(full, 'whoami.localhost', 8080);
    expect(whoami).toEqual(expect.arrayContaining(['listen 8080;', 'set $gatehouse_host whoami.localhost:8080;']));
    expect(whoami.some((l) => l.startsWith('ssl_certificate'))).toBe(false);
    const secure = serverLines(full, 'secure.localhost', 8443);
    expect(secure).toEqual(
      expect.arrayContaining([
        'listen 8443 ssl;',
        'set $gatehouse_host secure.localhost:8443;',
        'ssl_certificate /etc/letsencrypt/live/secure.localhost/fullchain.pem;',
      ]),
    );
    // https on 443: the default port is left out of the judged host, and plain http redirects.
    expect(serverLines(full, 'plain.localhost', 443)).toEqual(expect.arrayContaining(['listen 443 ssl;', 'set $gatehouse_host plain.localhost;']));
    expect(serverLines(full, 'plain.localhost', 80)).toEqual([
      'listen 80;',
      'listen [::]:80;',
      'server_name plain.localhost;',
      'return 301 https://$host$request_uri;',
    ]);
    // The issue-12 hardening holds on every port: the verified URL is built from the block's own host.
    expect(full.match(/proxy_set_header X-Original-URL \$scheme:\/\/\$gatehouse_host\$request_uri;/g)).toHaveLength(3);
  });

  it('Caddy: each site address is its own URL; certificates only for the https sites', () => {
    const caddy = caddyConfig({ ...BASE, tls: 'files' });
    const sites = caddy.split('\n').filter((l) => /^\S.* \{$/.test(l) && !l.startsWith('('));
    expect(sites).toEqual(['http://auth.localhost:9091 {', 'http://whoami.localhost:8080 {', 'secure.localhost:8443 {', 'plain.localhost {']);
    expect(caddy).not.toContain('auto_https off');
    expect(caddy).toContain('tls /etc/ssl/gatehouse/secure.localhost.crt');
    expect(caddy).not.toContain('tls /etc/ssl/gatehouse/whoami.localhost.crt');
    // All http: no automatic HTTPS, as before.
    expect(caddyConfig({ ...BASE, apps: [BASE.apps[0]!] })).toContain('auto_https off');
  });

  it('Traefik: one entry point per scheme and port, listed for the static configuration', () => {
    const yaml = traefikDynamicConfig(BASE);
    const routers = routersOf(yaml);
    expect(routers.gatehouse?.entryPoints).toEqual(['web-9091']);
    expect(routers['app-whoami-localhost']).toMatchObject({ entryPoints: ['web-8080'], rule: 'Host(`whoami.localhost`)' });
    expect(routers['app-whoami-localhost']?.tls).toBeUndefined();
    expect(routers['app-secure-localhost']).toMatchObject({ entryPoints: ['websecure-8443'], tls: { certResolver: 'letsencrypt' } });
    expect(routers['app-secure-localhost-probe']?.entryPoints).toEqual(['websecure-8443']);
    expect(routers['app-plain-localhost']?.entryPoints).toEqual(['websecure']);
    for (const line of [
      'entryPoints.web-9091.address: ":9091"',
      'entryPoints.web-8080.address: ":8080"',
      'entryPoints.websecure-8443.address: ":8443"',
      'entryPoints.websecure.address: ":443"',
    ]) {
      expect(yaml).toContain(line);
    }
  });

  it('refuses one port for both http and https, and the same site twice; the same host on two ports is two sites', () => {
    const problems = (input: TProxyConfigInput) => {
      try {
        validateProxyConfigInput(input);
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    };
    expect(problems({ ...BASE, apps: [{ url: 'https://a.localhost:9091', upstream: 'http://127.0.0.1:1' }] })).toEqual([
      'port 9091 cannot serve both http and https (a.localhost is https)',
    ]);
    const twice = { url: 'http://a.localhost:8080', upstream: 'http://127.0.0.1:1' };
    expect(problems({ ...BASE, apps: [twice, twice] })).toEqual(['apps[1].url a.localhost (port 8080) appears twice']);
    expect(problems({ ...BASE, apps: [{ url: 'http://auth.localhost:9091/', upstream: 'http://127.0.0.1:1' }] })[0]).toMatch(/is the portal's own host/);
    const config = validateProxyConfigInput({
      ...BASE,
      apps: [twice, { ...twice, url: 'http://a.localhost:8081' }, { ...twice, url: 'http://auth.localhost:8082' }],
    });
    expect(config.apps.map((a) => `${a.host}:${a.port}`)).toEqual(['a.localhost:8080', 'a.localhost:8081', 'auth.localhost:8082']);
    expect(problems({ ...BASE, apps: [{ url: 'http://a.localhost:8080/path', upstream: 'http://127.0.0.1:1' }] })[0]).toMatch(/must be the bare origin/);
    expect(problems({ ...BASE, apps: [{ upstream: 'http://127.0.0.1:1' }] })).toEqual(['apps[0] needs either url or host']);
  });

  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
  const site = fc.record({ name: label, scheme: fc.constantFrom('http' as const, 'https' as const), port: fc.integer({ min: 1, max: 65535 }) });

  it('renders, for any valid host, scheme and port of the portal and an app, listen and site lines that match the URLs', () => {
    fc.assert(
      fc.property(site, site, ({ name: portalName, scheme: ps, port: pp }, { name, scheme, port }) => {
        fc.pre(portalName !== name && (pp !== port || ps === scheme));
        const origin = (s: string, h: string, p: number) => `${s}://${h}:${p}`;
        const defaultPort = (s: string) => (s === 'https' ? 443 : 80);
        const host = `${name}.example.com`;
        const portalHost = `${portalName}.example.com`;
        const input: TProxyConfigInput = {
          portalUrl: origin(ps, portalHost, pp),
          cookieDomain: 'example.com',
          gatehouseUpstream: 'http://127.0.0.1:9091',
          apps: [{ url: origin(scheme, host, port), upstream: 'http://127.0.0.1:8000' }],
        };
        for (const [h, s, p] of [
          [portalHost, ps, pp],
          [host, scheme, port],
        ] as const) {
          const shown = p === defaultPort(s) ? h : `${h}:${p}`;
          const lines = serverLines(nginxConfig(input).full, h, p);
          expect(lines).toContain(`listen ${p}${s === 'https' ? ' ssl' : ''};`);
          expect(lines).toContain(`set $gatehouse_host ${shown};`);
          const address = s === 'http' ? `http://${h}:${p}` : p === 443 ? h : `${h}:${p}`;
          expect(caddyConfig(input).split('\n')).toContain(`${address} {`);
        }
        const router = routersOf(traefikDynamicConfig(input))[`app-${name}-example-com`];
        const base = scheme === 'https' ? 'websecure' : 'web';
        expect(router?.entryPoints).toEqual([port === defaultPort(scheme) ? base : `${base}-${port}`]);
        expect(router?.rule).toBe(`Host(\`${host}\`)`);
      }),
      { numRuns: 150 },
    );
  });
});
