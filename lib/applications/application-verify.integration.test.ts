/**
 * An application's generated rules as the real verify endpoint (the built server) applies them,
 * for an application whose public URL has a port (http://whoami.localhost:8080): the endpoint
 * compares hosts without their port, as the generated rules name them. Changes made through the
 * use cases reach the running server through the rules version.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { EMPTY_RULE } from '../policy/empty-rule';
import { createRule } from '../rules/create-rule';
import { applicationInput } from '../../test/support/application-input';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';
import { createApplication } from './create-application';
import { deleteApplication } from './delete-application';
import { updateApplication } from './update-application';

const actor = { id: 'admin-1', name: 'admin' };
const APP = applicationInput({
  slug: 'whoami',
  urls: ['http://WHOAMI.localhost:8080/'],
  subjects: ['group:family'],
  level: 'two_factor',
  publicPaths: ['/static/'],
});
let gatehouse: GatehouseProcess;
let db: Db;
let appId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-apps-'));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  db = createDb({ dialect: 'sqlite', url: `file:${file}` });
  const anna = await createTestUser(db, { username: 'anna', groups: ['family'] });
  const eve = await createTestUser(db, { username: 'eve', groups: ['others'] });
  tokens.member = await seedSession(db, { userId: anna.id, level: 'two_factor' });
  tokens.memberOneFactor = await seedSession(db, { userId: anna.id, level: 'one_factor' });
  tokens.outsider = await seedSession(db, { userId: eve.id, level: 'two_factor' });
  await seedRules(db, [], 'deny');
  await createRule(db, {
    rule: { ...EMPTY_RULE, description: 'special case', domains: ['whoami.localhost'], paths: [{ kind: 'prefix', value: '/static/secret/' }], policy: 'deny' },
    actor,
    meta: { ip: null, userAgent: null },
  });
  appId = (await createApplication(db, actor, APP)).id;
  gatehouse = await startGatehouse({ dataDir, env: { GATEHOUSE_URL: 'http://auth.localhost:9091', GATEHOUSE_ALLOW_HTTP: 'true' } });
}, 90_000);

afterAll(async () => {
  await gatehouse?.stop();
  await db?.$disconnect();
});

const BROWSER = { Accept: 'text/html,application/xhtml+xml' };
const ask = (flavour: 'auth-request' | 'forward-auth', uri: string, session?: string) =>
  httpRequest({
    port: gatehouse.port,
    path: flavour === 'auth-request' ? '/api/authz/auth-request' : '/api/authz/forward-auth',
    headers: {
      ...BROWSER,
      ...(flavour === 'auth-request'
        ? { 'X-Original-URL': `http://whoami.localhost:8080${uri}`, 'X-Original-Method': 'GET' }
        : { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'whoami.localhost:8080', 'X-Forwarded-Uri': uri, 'X-Forwarded-Method': 'GET' }),
      ...(session ? { Cookie: `gatehouse_session=${tokens[session]}` } : {}),
    },
  });

/** The server polls the rules version every few seconds: wait until it answers `status`. */
async function eventually(check: () => Promise<number>, status: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const seen = await check();
    if (seen === status || Date.now() > deadline) return expect(seen).toBe(status);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each([
  ['auth-request', 401],
  ['forward-auth', 302],
] as const)('an application behind %s', (flavour, signIn) => {
  it('bypasses its public paths, sends anonymous visitors to sign in, asks a one-factor member for a second, lets a member in and refuses others', async () => {
    expect((await ask(flavour, '/static/app.css')).status).toBe(200);
    const anonymous = await ask(flavour, '/docs/');
    expect(anonymous.status).toBe(signIn);
    expect(anonymous.headers.location).toBe(`http://auth.localhost:9091/sign-in?rd=${encodeURIComponent('http://whoami.localhost:8080/docs/')}`);
    const oneFactor = await ask(flavour, '/', 'memberOneFactor');
    expect(oneFactor.status).toBe(signIn);
    expect(oneFactor.headers.location).toMatch(/\/sign-in\/second-factor\?rd=/);
    const member = await ask(flavour, '/', 'member');
    expect(member.status).toBe(200);
    expect(member.headers['remote-user']).toBe('anna');
    expect((await ask(flavour, '/', 'outsider')).status).toBe(403);
    // The hand-written special case comes first.
    expect((await ask(flavour, '/static/secret/key', 'member')).status).toBe(403);
  });
});

describe('changes to the application', () => {
  it('reach the running verify endpoint: opened to every signed-in user, then gone (default deny)', async () => {
    await updateApplication(db, actor, { id: appId, ...APP, subjects: [], level: 'one_factor' });
    await eventually(async () => (await ask('auth-request', '/', 'outsider')).status, 200);
    expect((await ask('auth-request', '/', 'memberOneFactor')).status).toBe(200);
    await deleteApplication(db, actor, { id: appId });
    await eventually(async () => (await ask('auth-request', '/', 'member')).status, 403);
    expect((await ask('auth-request', '/static/app.css')).status).toBe(403);
  });
});
