/**
 * Everything real at once: a scripted mobile app talks to real nginx and real Caddy (the
 * generated configuration for a Paperless app), which ask the built Gatehouse server, which
 * swaps the device token for the user's real token; the fake Paperless behind sees only the real
 * token. Revoking one device stops it with the apps' exact 401 and leaves the other device alone;
 * hostile Authorization headers never reach Paperless.
 *
 * Gatehouse runs with GATEHOUSE_VERIFY_CACHE_TTL=0 here because the test revokes through lib in
 * this process: a revocation made in Gatehouse's own process reaches its cache at once anyway,
 * and other instances forget a token within the cache lifetime.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { caddyConfig, nginxConfig } from '../proxy-config';
import { createTestUser } from '../../test/support/fixtures';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { loadProxies, type TProcess } from '../../test/support/proxies';
import { seedRules } from '../../test/support/seed';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { setUserStatus } from '../users/set-user-status';
import { createAppToken, revokeAppToken } from './app-tokens';
import { setGroupMapping } from './group-mappings';

const HOST = 'paperless.example.test';
const meta = { ip: '192.0.2.1', userAgent: 'vitest' };
const ADMIN = { id: 'admin', name: 'admin' };

let dataDir: string;
let db: Db;
let fake: FakePaperless;
let gatehouse: GatehouseProcess;
let testEnv: TestEnv;
const running: TProcess[] = [];

type Person = { id: string; username: string; phone: string; tablet: string };
let anna: Person;
let bert: Person;

async function person(): Promise<Person> {
  const user = await createTestUser(db, { groups: ['family'] });
  const make = (label: string, requestId: string) =>
    createAppToken(db, {
      user: { ...user, status: 'active' },
      sessionLevel: 'two_factor',
      values: { label, expires: 'never', requestId },
      meta,
      env: testEnv.env,
    });
  const phone = await make('Phone — Paperparrot', `${user.username}-phone-000`);
  const tablet = await make('Tablet — Paperless Mobile', `${user.username}-tablet-00`);
  fake.addDocument({ title: `Tax return of ${user.username}`, owner: user.username });
  return { id: user.id, username: user.username, phone: phone.token, tablet: tablet.token };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-mobile-'));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  db = createDb({ dialect: 'sqlite', url: `file:${file}` });
  await seedRules(db, [{ domains: [HOST], policy: 'two_factor' }], 'deny');

  fake = await startFakePaperless({ tokenThrottlePerMinute: 1000 });
  fake.addUser({ username: 'paperless-admin', is_superuser: true, is_staff: true });
  const family = fake.addGroup({ name: 'family', permissions: ['view_document', 'view_uisettings', 'view_user'] });
  const vars = {
    GATEHOUSE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GATEHOUSE_PAPERLESS_URL: fake.url,
    GATEHOUSE_PAPERLESS_PUBLIC_URL: `http://${HOST}`,
    GATEHOUSE_PAPERLESS_ADMIN_TOKEN: fake.setToken('paperless-admin'),
    GATEHOUSE_VERIFY_CACHE_TTL: '0',
  };
  testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091', ...vars });
  await createTestUser(db, { groups: ['family'] });
  const group = await db.group.findUniqueOrThrow({ where: { name: 'family' }, select: { id: true } });
  await setGroupMapping(db, { groupId: group.id, paperlessGroupId: family.id, actor: ADMIN, meta, env: testEnv.env });
  anna = await person();
  bert = await person();
  gatehouse = await startGatehouse({ dataDir, env: vars });
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(running.map((p) => p.stop()));
  await gatehouse?.stop();
  await fake?.close();
  await db?.$disconnect();
  testEnv?.restore();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(['nginx', 'caddy'] as const)('a mobile app through %s', (proxy) => {
  let port: number;

  beforeAll(async () => {
    const proxies = await loadProxies();
    port = await freeLoopbackPort();
    const input = {
      portalUrl: `http://auth.example.test:${port}`,
      cookieDomain: 'example.test',
      gatehouseUpstream: gatehouse.direct,
      apps: [{ host: HOST, upstream: fake.url, paperless: true }],
      listen: { scheme: 'http' as const, port, address: '127.0.0.1' },
    };
    running.push(
      proxy === 'nginx' ? await proxies.startNginx({ serverConfig: nginxConfig(input).full }) : await proxies.startCaddy({ caddyfile: caddyConfig(input) }),
    );
  });

  /** One request as an app sends it; `reached` is what the fake Paperless saw of it (if anything). */
  async function app(path: string, authorization?: string | string[], accept = 'application/json; version=9') {
    const before = fake.requests.length;
    const response = await httpRequest({
      port,
      path,
      host: `${HOST}:${port}`,
      headers: { Accept: accept, ...(authorization ? { Authorization: authorization } : {}) },
    });
    return { ...response, reached: fake.requests.slice(before) };
  }

  it('probes the server the way the apps do, without credentials', async () => {
    const root = await app('/api/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('schema/view/');
    const version = await app('/api/token/');
    expect(version.status).toBe(405);
    expect(version.body).toBe('{"detail":"Method \\"GET\\" not allowed."}');
    expect(root.reached[0]!.headers.authorization).toBeUndefined();
  });

  it('lists documents with a device token: Paperless sees the real token of that user, never the device token', async () => {
    const settings = await app('/api/ui_settings/', `Token ${anna.phone}`);
    expect(settings.status).toBe(200);
    expect(JSON.parse(settings.body).user.username).toBe(anna.username);
    const documents = await app('/api/documents/', `Token ${anna.phone}`);
    expect(documents.status).toBe(200);
    expect(JSON.parse(documents.body).results.map((d: { title: string }) => d.title)).toEqual([`Tax return of ${anna.username}`]);
    const seen = documents.reached.at(-1)!;
    expect(seen.headers.authorization).toBe(`Token ${fake.tokenOf(anna.username)}`);
    expect(seen.authenticatedAs).toBe(anna.username);
    expect(JSON.stringify(fake.requests)).not.toContain(anna.phone);
  });

  it.each([
    ['39 characters', () => `Token ${anna.tablet.slice(1)}`],
    ['41 characters', () => `Token ${anna.tablet}0`],
    ['non-hex', () => `Token ${'z'.repeat(40)}`],
    ['extra spaces', () => `Token  ${anna.tablet}`],
    ['unknown', () => `Token ${'0'.repeat(40)}`],
    ['the real Paperless token itself', () => `Token ${fake.tokenOf(anna.username)}`],
  ])('%s: 401 with the body the apps expect, and Paperless never asked', async (_name, header) => {
    const response = await app('/api/documents/', header());
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Token');
    expect(JSON.parse(response.body)).toEqual({ detail: 'Invalid token.' });
    expect(response.reached).toEqual([]);
  });

  it('two Authorization headers: refused (nginx itself answers 400 to a duplicate Authorization line), Paperless never asked', async () => {
    const response = await app('/api/documents/', [`Token ${anna.tablet}`, `Token ${bert.tablet}`]);
    if (proxy === 'nginx') {
      expect(response.status).toBe(400);
    } else {
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ detail: 'Invalid token.' });
    }
    expect(response.reached).toEqual([]);
  });

  it('Bearer is no device token: refused, and Paperless never asked', async () => {
    const response = await app('/api/documents/', `Bearer ${anna.tablet}`);
    expect([302, 401]).toContain(response.status);
    expect(response.reached).toEqual([]);
  });

  it('blocks the ways to the real token and the admin, whatever the credentials', async () => {
    for (const [method, path] of [
      ['POST', '/api/token/'],
      ['GET', '/admin/login/'],
      ['POST', '/api/profile/generate_auth_token/'],
      ['POST', '/api/auth/headless/app/v1/auth/login'],
    ] as const) {
      const before = fake.requests.length;
      const response = await httpRequest({
        port,
        path,
        method,
        host: `${HOST}:${port}`,
        headers: { Authorization: `Token ${anna.tablet}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(fake.requests.length).toBe(before);
    }
  });
});

/** nginx with the generated Paperless configuration in front of Gatehouse; its port. */
async function startNginxForPaperless(): Promise<number> {
  const proxies = await loadProxies();
  const port = await freeLoopbackPort();
  const input = {
    portalUrl: `http://auth.example.test:${port}`,
    gatehouseUpstream: gatehouse.direct,
    apps: [{ host: HOST, upstream: fake.url, paperless: true }],
    listen: { scheme: 'http' as const, port, address: '127.0.0.1' },
  };
  running.push(await proxies.startNginx({ serverConfig: nginxConfig(input).full }));
  return port;
}

describe('revoking and disabling, through nginx', () => {
  let port: number;
  beforeAll(async () => {
    port = await startNginxForPaperless();
  });
  const documents = (token: string) =>
    httpRequest({
      port,
      path: '/api/documents/',
      host: `${HOST}:${port}`,
      headers: { Accept: 'application/json; version=9', Authorization: `Token ${token}` },
    });

  it('a revoked device gets the exact 401 at once; the other device of the same user keeps working', async () => {
    expect((await documents(anna.phone)).status).toBe(200);
    const row = await db.appToken.findFirstOrThrow({ where: { userId: anna.id, label: 'Phone — Paperparrot' }, select: { id: true } });
    await revokeAppToken(db, { tokenId: row.id, actor: { id: anna.id, name: anna.username }, asAdmin: false, meta });
    const revoked = await documents(anna.phone);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toBe('{"detail":"Invalid token."}');
    expect(revoked.headers['www-authenticate']).toBe('Token');
    expect((await documents(anna.tablet)).status).toBe(200);
  });

  it('an expired device token gets 401', async () => {
    await db.appToken.updateMany({ where: { userId: anna.id, label: 'Tablet — Paperless Mobile' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await documents(anna.tablet)).status).toBe(401);
    await db.appToken.updateMany({ where: { userId: anna.id, label: 'Tablet — Paperless Mobile' }, data: { expiresAt: null } });
    expect((await documents(anna.tablet)).status).toBe(200);
  });

  it('disabling the user stops every device of theirs and deactivates the Paperless account', async () => {
    expect((await documents(bert.phone)).status).toBe(200);
    await setUserStatus(db, { userId: bert.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env });
    for (const token of [bert.phone, bert.tablet]) expect((await documents(token)).status).toBe(401);
    expect(fake.user(bert.username)!.is_active).toBe(false);
    // A pending account (the status an unapproved signup has) is refused the same way.
    await db.user.update({ where: { id: anna.id }, data: { status: 'pending' } });
    expect((await documents(anna.tablet)).status).toBe(401);
    await db.user.update({ where: { id: anna.id }, data: { status: 'active' } });
  });
});

describe('regulation of device-token guesses, through nginx', () => {
  let port: number;
  beforeAll(async () => {
    port = await startNginxForPaperless();
  });
  /** A request from another loopback address: nginx passes it on as the client address. */
  const documentsFrom = (localAddress: string, token: string) =>
    httpRequest({
      port,
      localAddress,
      path: '/api/documents/',
      host: `${HOST}:${port}`,
      headers: { Accept: 'application/json; version=9', Authorization: `Token ${token}` },
    });
  const guess = () => randomBytes(20).toString('hex');
  async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('five guessed tokens ban the address: then even a valid token from it is refused, other addresses unaffected; an admin lifts it', async () => {
    const guesser = '127.0.0.77';
    for (let i = 0; i < 5; i++) expect((await documentsFrom(guesser, guess())).status).toBe(401);
    const before = fake.requests.length;
    const refused = await documentsFrom(guesser, anna.tablet);
    expect(refused.status).toBe(401);
    expect(refused.body).toBe('{"detail":"Invalid token."}');
    expect(fake.requests.length).toBe(before);
    expect((await documentsFrom('127.0.0.1', anna.tablet)).status).toBe(200);
    // Written to the shared tables off the request path, audited, and listed for admins.
    const lock = await eventually(
      () => db.credentialLock.findFirst({ where: { subject: `ip:${guesser}`, liftedAt: null } }),
      (l) => l !== null,
    );
    expect(lock).toMatchObject({ scope: 'credentials', failures: 5 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: 'regulation.banned', ip: guesser } });
    expect(JSON.parse(String(audit.data))).toMatchObject({ subject: 'address', check: 'device token' });
    const { liftBan } = await import('../regulation/bans');
    await liftBan(db, { id: lock!.id, actor: ADMIN, meta });
    // This test lifted it in another process: Gatehouse reads it within its sync period.
    const after = await eventually(
      () => documentsFrom(guesser, anna.tablet),
      (r) => r.status === 200,
    );
    expect(after.status).toBe(200);
  });

  it('an app retrying one mistyped token is never banned', async () => {
    const app = '127.0.0.78';
    const typo = guess();
    for (let i = 0; i < 12; i++) expect((await documentsFrom(app, typo)).status).toBe(401);
    expect((await documentsFrom(app, anna.tablet)).status).toBe(200);
    expect(await db.credentialLock.count({ where: { subject: `ip:${app}` } })).toBe(0);
  });
});
