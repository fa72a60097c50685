/**
 * The verify endpoint over HTTP, answered by the built server's fast path: every row of the
 * decision table on all four paths (Gatehouse's and Authelia's), then through real nginx
 * (auth_request) and real Caddy (forward_auth) running the generated configurations in front of
 * an app that echoes the headers it receives, and the hostile inputs of the verify issue. Also
 * /api/metrics: refused by both proxies on the portal's host (even with the right token), served
 * by Gatehouse's own port to a scraper with the token.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { caddyConfig, nginxConfig, type TProxyConfigInput } from '../proxy-config';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { freeLoopbackPort } from '../../test/support/free-port';
import { httpRequest, type RawResponse } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';

type Proc = { port: number; stop(): Promise<void> };
type Proxies = {
  startNginx(options: { serverConfig: string }): Promise<Proc>;
  startCaddy(options: { caddyfile: string }): Promise<Proc>;
  startEchoApp(): Promise<Proc & { url: string }>;
};
const loadProxies = async () => (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/proxies.mjs')).href)) as Proxies;

const HOSTS = ['open', 'blocked', 'one', 'two', 'family', 'lan', 'api'].map((h) => `${h}.example.test`);
const tokens: Record<string, string> = {};
const METRICS_TOKEN = 'metrics-token-for-the-verify-integration-test';
let gatehouse: GatehouseProcess;
let db: Db;
let nginx: Proc;
let caddy: Proc;
let echo: Proc & { url: string };
let portalPort: number;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const proxies = await loadProxies();
  portalPort = await freeLoopbackPort();
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-verify-'));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  db = createDb({ dialect: 'sqlite', url: `file:${file}` });

  const anna = await createTestUser(db, { username: 'anna', displayName: 'Anna Zoë', groups: ['paperless'] });
  const bob = await createTestUser(db, { username: 'bob', groups: ['admins', 'family'] });
  const carol = await createTestUser(db, { username: 'carol', status: 'disabled' });
  const dave = await createTestUser(db, { username: 'dave', status: 'pending' });
  tokens.one = await seedSession(db, { userId: anna.id });
  tokens.two = await seedSession(db, { userId: bob.id, level: 'two_factor' });
  tokens.disabled = await seedSession(db, { userId: carol.id, level: 'two_factor' });
  tokens.pending = await seedSession(db, { userId: dave.id, level: 'two_factor' });
  tokens.expired = await seedSession(db, { userId: anna.id, expiresAt: new Date(Date.now() - 1000) });
  tokens.idle = await seedSession(db, { userId: anna.id, lastSeenAt: new Date(Date.now() - 13 * 3_600_000) });
  tokens.revoked = await seedSession(db, { userId: anna.id, revokedAt: new Date() });
  tokens.toRevoke = await seedSession(db, { userId: bob.id, level: 'two_factor' });
  await seedRules(
    db,
    [
      { domains: ['open.example.test'], policy: 'bypass' },
      { domains: ['blocked.example.test'], policy: 'deny' },
      { domains: ['one.example.test'], policy: 'one_factor' },
      { domains: ['two.example.test'], policy: 'two_factor' },
      { domains: ['family.example.test'], subjects: [['group:family']], policy: 'one_factor' },
      { domains: ['lan.example.test'], networks: ['127.0.0.0/8', '192.0.2.0/24'], policy: 'bypass' },
      { domains: ['lan.example.test'], policy: 'two_factor' },
      { domains: ['api.example.test'], paths: [{ kind: 'prefix', value: '/public/' }], methods: ['GET', 'HEAD'], policy: 'bypass' },
      { domains: ['api.example.test'], policy: 'one_factor' },
    ],
    'deny',
  );

  gatehouse = await startGatehouse({
    dataDir,
    env: {
      GATEHOUSE_URL: `http://auth.example.test:${portalPort}`,
      GATEHOUSE_COOKIE_DOMAIN: 'example.test',
      GATEHOUSE_ALLOW_HTTP: 'true',
      GATEHOUSE_VERIFY_CACHE_TTL: '1s',
      GATEHOUSE_METRICS: 'on',
      GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  stops.push(() => gatehouse.stop());
  echo = await proxies.startEchoApp();
  stops.push(() => echo.stop());
  const input = (port: number): TProxyConfigInput => ({
    portalUrl: `http://auth.example.test:${portalPort}`,
    cookieDomain: 'example.test',
    gatehouseUpstream: gatehouse.direct,
    apps: HOSTS.map((host) => ({ host, upstream: echo.url })),
    listen: { scheme: 'http', port, address: '127.0.0.1' },
  });
  nginx = await proxies.startNginx({ serverConfig: nginxConfig(input(portalPort)).full });
  stops.push(() => nginx.stop());
  caddy = await proxies.startCaddy({ caddyfile: caddyConfig(input(await freeLoopbackPort())) });
  stops.push(() => caddy.stop());
}, 90_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await db?.$disconnect();
});

const BROWSER = { Accept: 'text/html,application/xhtml+xml' };
const cookieFor = (name?: string) => (name ? { Cookie: `gatehouse_session=${tokens[name]}` } : {});
const signInUrl = (target: string) => `http://auth.example.test:${portalPort}/sign-in?rd=${encodeURIComponent(target)}`;
const secondFactorUrl = (target: string) => `http://auth.example.test:${portalPort}/sign-in/second-factor?rd=${encodeURIComponent(target)}`;

/** Asks the verify endpoint directly, the way each kind of proxy would. */
function verify(
  path: string,
  host: string,
  options: { session?: string; method?: string; uri?: string; headers?: Record<string, string | string[]> } = {},
): Promise<RawResponse> {
  const uri = options.uri ?? '/';
  const method = options.method ?? 'GET';
  const target = path.includes('forward-auth')
    ? { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': host, 'X-Forwarded-Uri': uri, 'X-Forwarded-Method': method }
    : { 'X-Original-URL': `https://${host}${uri}`, 'X-Original-Method': method };
  return httpRequest({ port: gatehouse.port, path, headers: { ...BROWSER, ...target, ...cookieFor(options.session), ...options.headers } });
}

describe.each([
  ['/api/verify', 401],
  ['/api/authz/auth-request', 401],
  ['/api/verify/forward-auth', 302],
  ['/api/authz/forward-auth', 302],
])('the decision table on %s', (path, unauthenticated) => {
  it('bypass → 200 for anyone, with identity only for a signed-in user', async () => {
    const anonymous = await verify(path, 'open.example.test');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['remote-user']).toBeUndefined();
    expect((await verify(path, 'open.example.test', { session: 'one' })).headers['remote-user']).toBe('anna');
  });

  it('deny → 403', async () => {
    expect((await verify(path, 'blocked.example.test', { session: 'two' })).status).toBe(403);
  });

  it('one_factor → sign-in for anonymous (Location with rd), 200 with Remote-* for a session', async () => {
    const anonymous = await verify(path, 'one.example.test', { uri: '/docs/?page=2' });
    expect(anonymous.status).toBe(unauthenticated);
    expect(anonymous.headers.location).toBe(signInUrl('https://one.example.test/docs/?page=2'));
    const known = await verify(path, 'one.example.test', { session: 'one' });
    expect(known.status).toBe(200);
    expect(known.headers['remote-user']).toBe('anna');
    expect(known.headers['remote-groups']).toBe('paperless');
    expect(known.headers['remote-email']).toBe('anna@example.test');
    expect(Buffer.from(known.headers['remote-name'] as string, 'latin1').toString('utf8')).toBe('Anna Zoë');
  });

  it('two_factor → the second-factor step for a one_factor session, 200 for a two_factor one', async () => {
    const one = await verify(path, 'two.example.test', { session: 'one' });
    expect(one.status).toBe(unauthenticated);
    expect(one.headers.location).toBe(secondFactorUrl('https://two.example.test/'));
    const two = await verify(path, 'two.example.test', { session: 'two' });
    expect(two.status).toBe(200);
    expect(two.headers['remote-groups']).toBe('admins,family');
  });

  it('subjects: anonymous must sign in first, a member passes, anyone else meets the default (deny)', async () => {
    expect((await verify(path, 'family.example.test')).status).toBe(unauthenticated);
    expect((await verify(path, 'family.example.test', { session: 'two' })).status).toBe(200);
    expect((await verify(path, 'family.example.test', { session: 'one' })).status).toBe(403);
  });

  it('paths and methods: a public prefix for GET only; the rest needs a session; case is ignored', async () => {
    expect((await verify(path, 'api.example.test', { uri: '/public/logo.png' })).status).toBe(200);
    expect((await verify(path, 'api.example.test', { uri: '/public/logo.png', method: 'POST' })).status).toBe(401);
    expect((await verify(path, 'api.example.test', { uri: '/%70ublic/x' })).status).toBe(200);
    expect((await verify(path, 'api.example.test', { uri: '/PUBLIC/logo.png' })).status).toBe(200);
    expect((await verify(path, 'api.example.test', { uri: '/private/' })).status).toBe(unauthenticated);
  });

  it('a path an upstream could read differently is refused (400; nginx: 403 with X-Gatehouse-Status: 400), never judged as another path', async () => {
    const bad = path.includes('forward-auth') ? 400 : 403;
    for (const uri of [
      '/public/../private/',
      '/public/%2e%2e/private/',
      '/public/.%2E/private/',
      '/public/x\\..\\..\\private',
      '/public%2Fx',
      '//public/x',
      '/public;x/',
      '/public/.',
    ]) {
      const response = await verify(path, 'api.example.test', { uri, session: 'two' });
      expect(response.status, uri).toBe(bad);
      expect(response.headers['x-gatehouse-status'], uri).toBe(bad === 403 ? '400' : undefined);
    }
  });

  it('two session cookies are no session (whichever is valid); a 2xx carries the Cookie header minus every session cookie', async () => {
    const cookieHeader = path.includes('forward-auth') ? 'cookie' : 'x-gatehouse-cookie';
    const twice = { Cookie: `gatehouse_session=${tokens.two}; theme=dark; gatehouse_session=${tokens.one}` };
    expect((await verify(path, 'one.example.test', { headers: twice })).status).toBe(unauthenticated);
    const open = await verify(path, 'open.example.test', { headers: twice });
    expect(open.status).toBe(200);
    expect(open.headers['remote-user']).toBeUndefined();
    expect(open.headers[cookieHeader]).toBe('theme=dark');
    const mine = await verify(path, 'one.example.test', { headers: { Cookie: `csrftoken=abc; gatehouse_session=${tokens.one}` } });
    expect(mine.status).toBe(200);
    expect(mine.headers[cookieHeader]).toBe('csrftoken=abc');
    expect((await verify(path, 'one.example.test', { session: 'one' })).headers[cookieHeader]).toBeUndefined();
  });

  it("a sign-in Location that would exceed 2,000 bytes returns to the target's origin", async () => {
    const response = await verify(path, 'one.example.test', { uri: `/${'x'.repeat(3000)}?q=1` });
    expect(response.status).toBe(unauthenticated);
    expect(response.headers.location).toBe(signInUrl('https://one.example.test/'));
  });

  it('no rule matches → the default policy (deny): 403 even for a two-factor session', async () => {
    expect((await verify(path, 'elsewhere.example.test', { session: 'two' })).status).toBe(403);
  });

  it.each(['disabled', 'pending', 'expired', 'idle', 'revoked'])('a cookie of a %s session counts as nobody', async (name) => {
    const response = await verify(path, 'one.example.test', { session: name });
    expect(response.status).toBe(unauthenticated);
    expect(response.headers['remote-user']).toBeUndefined();
  });

  it('a device token that Gatehouse does not know → 401 WWW-Authenticate: Token, even with a valid cookie', async () => {
    const response = await verify(path, 'open.example.test', { session: 'two', headers: { Authorization: 'Token 0123456789abcdef0123456789abcdef01234567' } });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Token');
    expect(response.body).toBe('{"detail":"Invalid token."}');
  });
});

describe('hostile requests to the verify endpoint', () => {
  /** The status a proxy sees, with the auth-request flavour's "403 that says 400" read as the 400 it stands for. */
  const statusOf = async (headers: Record<string, string | string[]>, path = '/api/verify') => {
    const response = await httpRequest({ port: gatehouse.port, path, headers: { ...BROWSER, ...cookieFor('two'), ...headers } });
    if (path.includes('forward-auth')) return response.status;
    return response.status === 403 && response.headers['x-gatehouse-status'] === '400'
      ? 400
      : response.status === 400
        ? 'a bare 400 (nginx would answer 500)'
        : response.status;
  };

  it('missing, malformed and duplicated target headers → 400 (never 200, even with a valid session on a bypass host)', async () => {
    expect(await statusOf({})).toBe(400);
    expect(await statusOf({}, '/api/verify/forward-auth')).toBe(400);
    expect(await statusOf({ 'X-Original-URL': '/relative' })).toBe(400);
    expect(await statusOf({ 'X-Original-URL': 'https://user:pw@open.example.test/' })).toBe(400);
    expect(await statusOf({ 'X-Original-URL': 'gopher://open.example.test/' })).toBe(400);
    expect(await statusOf({ 'X-Original-URL': ['https://open.example.test/', 'https://blocked.example.test/'] })).toBe(400);
    expect(
      await statusOf(
        { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': ['open.example.test', 'blocked.example.test'], 'X-Forwarded-Uri': '/' },
        '/api/verify/forward-auth',
      ),
    ).toBe(400);
    expect(
      await statusOf({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'open.example.test', 'X-Forwarded-Uri': 'no-slash' }, '/api/verify/forward-auth'),
    ).toBe(400);
    expect(await statusOf({ 'X-Original-URL': 'https://open.example.test/', 'X-Original-Method': 'GET /x' })).toBe(400);
  });

  it('a 16 KiB header → 400', async () => {
    expect(await statusOf({ 'X-Original-URL': `https://open.example.test/${'a'.repeat(16 * 1024)}` })).toBe(400);
    expect(
      await statusOf(
        { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'open.example.test', 'X-Forwarded-Uri': `/${'b'.repeat(16 * 1024)}` },
        '/api/verify/forward-auth',
      ),
    ).toBe(400);
  });

  it('a revocation made by another instance (straight in the database) applies within the cache lifetime (1 s here)', async () => {
    expect((await verify('/api/verify', 'two.example.test', { session: 'toRevoke' })).status).toBe(200);
    const { sha256Hex } = await import('../crypto');
    await db.session.update({ where: { tokenHash: sha256Hex(tokens.toRevoke!) }, data: { revokedAt: new Date() } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await verify('/api/verify', 'two.example.test', { session: 'toRevoke' })).status).toBe(401);
  });
});

describe('through real nginx (auth_request) with the generated configuration', () => {
  const viaNginx = (host: string, options: { session?: string; path?: string; headers?: Record<string, string>; method?: string } = {}) =>
    httpRequest({
      port: nginx.port,
      host: `${host}:${nginx.port}`,
      path: options.path ?? '/',
      method: options.method,
      headers: { ...BROWSER, ...cookieFor(options.session), ...options.headers },
    });

  it('an anonymous browser is redirected to sign-in with the original URL', async () => {
    const response = await viaNginx('one.example.test', { path: '/documents/?page=3' });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(signInUrl(`http://one.example.test:${portalPort}/documents/?page=3`));
  });

  it('the app receives Gatehouse’s identity, never the one a client sends', async () => {
    const response = await viaNginx('one.example.test', { session: 'one', headers: { 'Remote-User': 'mallory', 'Remote-Groups': 'admins' } });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { headers: Record<string, string> };
    expect(seen.headers['remote-user']).toBe('anna');
    expect(seen.headers['remote-groups']).toBe('paperless');
  });

  it('an anonymous request to a bypass app carries no identity even when the client sends one', async () => {
    const response = await viaNginx('open.example.test', { headers: { 'Remote-User': 'mallory' } });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { headers: Record<string, string> }).headers['remote-user']).toBeUndefined();
  });

  it('two_factor with a one_factor session → the second-factor step; deny → 403; a bad token → 401', async () => {
    const step = await viaNginx('two.example.test', { session: 'one' });
    expect(step.status).toBe(302);
    expect(step.headers.location).toBe(secondFactorUrl(`http://two.example.test:${portalPort}/`));
    expect((await viaNginx('two.example.test', { session: 'two' })).status).toBe(200);
    expect((await viaNginx('blocked.example.test', { session: 'two' })).status).toBe(403);
    const token = await viaNginx('open.example.test', { headers: { Authorization: 'Token 0123456789abcdef0123456789abcdef01234567' } });
    expect(token.status).toBe(401);
    expect(token.headers['www-authenticate']).toBe('Token');
  });

  it('network rules see the client address nginx reports (loopback here): a LAN bypass applies', async () => {
    expect((await viaNginx('lan.example.test')).status).toBe(200);
  });

  it('the portal itself is served through the same nginx', async () => {
    const response = await viaNginx('auth.example.test', { path: '/sign-in' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Sign in');
  });
});

describe('through real Caddy (forward_auth) with the generated configuration', () => {
  const viaCaddy = (host: string, options: { session?: string; headers?: Record<string, string>; method?: string; accept?: string } = {}) =>
    httpRequest({
      port: caddy.port,
      host: `${host}:${caddy.port}`,
      method: options.method,
      headers: { Accept: options.accept ?? BROWSER.Accept, ...cookieFor(options.session), ...options.headers },
    });

  it('an anonymous browser GET is redirected to sign-in; a POST or an API client gets 401', async () => {
    const browser = await viaCaddy('one.example.test');
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe(signInUrl(`http://one.example.test:${caddy.port}/`));
    expect((await viaCaddy('one.example.test', { method: 'POST' })).status).toBe(401);
    expect((await viaCaddy('one.example.test', { accept: 'application/json' })).status).toBe(401);
  });

  it('the app receives Gatehouse’s identity, never a client-sent Remote-User or Remote_User', async () => {
    const response = await viaCaddy('two.example.test', { session: 'two', headers: { 'Remote-User': 'mallory', Remote_User: 'mallory' } });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { headers: Record<string, string> };
    expect(seen.headers['remote-user']).toBe('bob');
    expect(seen.headers.remote_user).toBeUndefined();
  });

  it('deny → 403, and a one_factor session on a two_factor app → the second-factor step', async () => {
    expect((await viaCaddy('blocked.example.test', { session: 'two' })).status).toBe(403);
    const step = await viaCaddy('two.example.test', { session: 'one' });
    expect(step.status).toBe(302);
    expect(step.headers.location).toBe(secondFactorUrl(`http://two.example.test:${caddy.port}/`));
  });
});

describe("/api/metrics: Gatehouse's own port serves a scraper with the token; the generated proxies refuse it on the portal", () => {
  const scraper = { Authorization: `Bearer ${METRICS_TOKEN}` };
  // Spellings the proxies normalise to /api/metrics before matching their closed locations.
  const SPELLINGS = ['/api/metrics', '/api/metrics?name[]=gatehouse_db_up', '//api/metrics', '/api/%6detrics', '/api/./metrics', '/API/Metrics'];

  it("Gatehouse's own port answers the scraper, and only the scraper", async () => {
    const scraped = await httpRequest({ port: gatehouse.port, path: '/api/metrics', headers: scraper });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('gatehouse_verify_decisions_total');
    expect((await httpRequest({ port: gatehouse.port, path: '/api/metrics' })).status).toBe(401);
  });

  it.each([
    ['nginx', () => nginx.port],
    ['Caddy', () => caddy.port],
  ])('%s answers 404 on the portal, with or without the token, and never passes Gatehouse its metrics', async (_proxy, portOf) => {
    const port = portOf();
    for (const path of SPELLINGS) {
      for (const headers of [scraper, {}]) {
        const response = await httpRequest({ port, host: `auth.example.test:${port}`, path, headers });
        expect(response.status, path).toBe(404);
        expect(response.body, path).not.toContain('gatehouse_');
      }
    }
    // The rest of the portal is still served through it.
    expect((await httpRequest({ port, host: `auth.example.test:${port}`, path: '/sign-in', headers: BROWSER })).status).toBe(200);
  });
});
