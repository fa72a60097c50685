import { describe, expect, it } from 'vitest';
import type { TApplication } from '../applications/types';
import { cookieProblem, proxyConfigForApplications } from './config-for-applications';
import { ZProxyUpstream } from './set-proxy-upstream';
import { applicationInput } from './test-inputs';

const env = { url: 'http://auth.localhost:9091', cookie: { name: 'gh', domain: 'localhost', secure: false }, listenHost: '0.0.0.0', port: 9091 };

function application(id: string, urls: string[], extra: Partial<TApplication> = {}): TApplication {
  return { ...applicationInput(id, urls), id, position: 1, hasIconData: false, updatedAt: new Date(0), ...extra };
}

describe('proxyConfigForApplications', () => {
  it("builds the input from the portal URL, the cookie domain, this instance's address and every application URL", () => {
    const result = proxyConfigForApplications(env, [
      application('a', ['http://whoami.localhost:8080', 'https://whoami.localhost']),
      application('p', ['http://paperless.localhost:8000'], { kind: 'paperless', upstream: 'http://10.0.0.5:8000' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.input).toEqual({
      portalUrl: 'http://auth.localhost:9091',
      cookieDomain: 'localhost',
      gatehouseUpstream: 'http://127.0.0.1:9091',
      apps: [
        { url: 'http://whoami.localhost:8080', upstream: 'http://127.0.0.1:8000' },
        { url: 'https://whoami.localhost', upstream: 'http://127.0.0.1:8000' },
        { url: 'http://paperless.localhost:8000', upstream: 'http://10.0.0.5:8000', paperless: true },
      ],
    });
    expect(result.configs?.nginx.full).toContain('server 127.0.0.1:9091;');
    expect(result.configs?.caddy).toContain('import gatehouse_paperless');
  });

  it("cuts out each application's own part: its upstream and server blocks, sites and routers, and nothing of the others", () => {
    const result = proxyConfigForApplications(env, [
      application('a', ['http://whoami.localhost:8080', 'https://whoami.localhost']),
      application('b', ['http://other.localhost:8081']),
    ]);
    const a = result.parts.get('a');
    expect(a?.nginx).toContain('upstream gatehouse_app_whoami.localhost_8080 {');
    expect(a?.nginx).toContain('listen 8080;');
    expect(a?.nginx).toContain('listen 443 ssl;');
    expect(a?.nginx).not.toContain('other.localhost');
    expect(a?.nginx).not.toContain('server_name auth.localhost;');
    expect(a?.caddy.split('\n').filter((l) => l.endsWith(' {') && !l.startsWith('\t'))).toEqual(['http://whoami.localhost:8080 {', 'whoami.localhost {']);
    expect(a?.traefik).toContain('entryPoints:\n        - web-8080');
    expect(a?.traefik).not.toContain('other');
    expect(a?.entryPoints).toEqual(['web-8080 (":8080")', 'websecure (":443")']);
    // The part is word for word what the whole file says for the application.
    expect(result.configs?.nginx.files.find((f) => f.name === 'gatehouse.conf')?.content).toContain(a?.nginx.split('\n\n# ')[0]);
    expect(result.parts.get('b')?.caddy).toContain('http://other.localhost:8081 {');
  });

  it('leaves out, with the reason, a URL the session cookie never reaches, and keeps the rest', () => {
    const result = proxyConfigForApplications(env, [
      application('a', ['https://wiki.example.org', 'http://wiki.localhost:8080']),
      application('b', ['https://only.example.org']),
    ]);
    expect(result.problems.map((p) => [p.applicationId, p.url])).toEqual([
      ['a', 'https://wiki.example.org'],
      ['b', 'https://only.example.org'],
    ]);
    expect(result.problems[0]?.problem).toMatch(/wiki\.example\.org is not under the cookie domain localhost, so the session cookie never reaches it/);
    expect(result.input.apps).toEqual([{ url: 'http://wiki.localhost:8080', upstream: 'http://127.0.0.1:8000' }]);
    expect(result.parts.has('b')).toBe(false);
    expect(result.configs?.nginx.full).not.toContain('example.org');
  });

  it('without a cookie domain, only the portal host (on another port) can be protected', () => {
    const local = { ...env, url: 'http://localhost:9091', cookie: { ...env.cookie, domain: undefined } };
    const result = proxyConfigForApplications(local, [application('a', ['http://localhost:8080', 'http://whoami.localhost:8080'])]);
    expect(result.input.apps).toEqual([{ url: 'http://localhost:8080', upstream: 'http://127.0.0.1:8000' }]);
    expect(result.problems[0]?.problem).toMatch(/No cookie domain is set, so the session cookie belongs to localhost only and never reaches whoami\.localhost/);
    expect(result.parts.get('a')?.nginx).toContain('set $gatehouse_host localhost:8080;');
  });

  it("reports an application the generators refuse (the portal's own site, a clash of schemes on a port) and generates the others", () => {
    const result = proxyConfigForApplications(env, [
      application('a', ['http://auth.localhost:9091']),
      application('b', ['https://x.localhost:8080']),
      application('c', ['http://y.localhost:8080']),
      application('d', ['http://z.localhost:8081']),
    ]);
    expect(result.problems.map((p) => p.applicationId)).toEqual(['a', 'c']);
    expect(result.problems[0]?.problem).toMatch(/portal's own host/);
    expect(result.problems[1]?.problem).toMatch(/port 8080 cannot serve both http and https/);
    expect([...result.parts.keys()]).toEqual(['b', 'd']);
  });

  it('uses a stored upstream, and reports a broken one as an error of the whole configuration', () => {
    expect(proxyConfigForApplications(env, [], 'http://gatehouse:9091').configs?.nginx.full).toContain('server gatehouse:9091;');
    const broken = proxyConfigForApplications(env, [application('a', ['http://whoami.localhost:8080'])], 'javascript:alert(1)');
    expect(broken.configs).toBeNull();
    expect(broken.errors[0]).toMatch(/gatehouseUpstream/);
  });
});

describe('cookieProblem', () => {
  it.each([
    ['app.example.com', 'auth.example.com', 'example.com', false],
    ['example.com', 'auth.example.com', 'example.com', false],
    ['badexample.com', 'auth.example.com', 'example.com', true],
    ['app.example.org', 'auth.example.com', 'example.com', true],
    ['localhost', 'localhost', undefined, false],
    ['app.localhost', 'localhost', undefined, true],
  ])('%s with portal %s and cookie domain %s: a problem = %s', (host, portal, domain, problem) => {
    expect(cookieProblem(host, portal, domain) !== null).toBe(problem);
  });
});

describe('ZProxyUpstream', () => {
  it.each([
    ['http://gatehouse:9091', 'http://gatehouse:9091'],
    [' HTTP://Gatehouse:9091/ ', 'http://gatehouse:9091'],
    ['https://gatehouse.internal:443', 'https://gatehouse.internal'],
    ['http://[::1]:9091', 'http://[::1]:9091'],
    ['', null],
  ])('%j → %j', (value, expected) => {
    expect(ZProxyUpstream.parse(value)).toBe(expected);
  });

  it.each(['gatehouse:9091', 'http://gatehouse:9091/path', 'ftp://gatehouse', 'http://user:pw@gatehouse', 'http://bad_host:1', 'http://x;y'])(
    'refuses %j',
    (value) => {
      expect(ZProxyUpstream.safeParse(value).success).toBe(false);
    },
  );
});
