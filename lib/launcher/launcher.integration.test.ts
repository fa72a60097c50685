/**
 * The launcher on SQLite and PostgreSQL, with applications saved by createApplication (their
 * generated rules) and a hand-written rule, evaluated before them: the list for a member, a non-member, an admin and one-factor
 * users, and for every application the same decision as a real request to /api/verify through the
 * built server (dist/server.mjs) with the user's session; the home page the server renders shows
 * exactly those tiles. Recent sign-ins come from the audit log, newest first, the user's own only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../applications/create-application';
import type { TApplicationInput } from '../applications/types';
import { logEvent } from '../audit/log-event';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { validateSession } from '../sessions/validate-session';
import { applicationInput } from '../../test/support/application-input';
import { createTestUser } from '../../test/support/fixtures';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { launcherViewer, type TLauncherViewer } from './decide-access';
import { listRecentSignIns } from './list-recent-sign-ins';
import { listUserApplications, type TUserApplication } from './list-user-applications';

/** An application saved as the admin pages save it: the row and its generated rules, in one transaction. */
async function seedApplication(db: Db, over: Partial<TApplicationInput> & { name: string; host: string }): Promise<void> {
  const { host, ...fields } = over;
  await createApplication(db, SEEDER, applicationInput({ urls: [`https://${host}`], ...fields }));
}

const HOSTS = {
  Photos: 'photos.example.test',
  Wiki: 'wiki.example.test',
  Paperless: 'docs.example.test',
  Status: 'status.example.test',
  Hidden: 'hidden.example.test',
  Console: 'console.example.test',
} as const;
type Name = keyof typeof HOSTS;
const SEEDER = { id: 'seed', name: 'seed' };

async function seedAll(db: Db): Promise<void> {
  // Hand-written, before the applications' rules: contractors never open Photos, family or not.
  await seedRules(db, [{ domains: [HOSTS.Photos], subjects: [['group:contractors']], policy: 'deny' }], 'deny');
  await seedApplication(db, { name: 'Photos', host: HOSTS.Photos, subjects: ['group:family'], icon: 'builtin:photos', description: 'Family pictures' });
  await seedApplication(db, { name: 'Wiki', host: HOSTS.Wiki, subjects: ['group:work'] });
  await seedApplication(db, { name: 'Paperless', host: HOSTS.Paperless, kind: 'paperless', level: 'two_factor', icon: 'builtin:documents' });
  await seedApplication(db, { name: 'Status', host: HOSTS.Status, publicPaths: ['/'] });
  await seedApplication(db, { name: 'Hidden', host: HOSTS.Hidden, showOnLauncher: false });
  await seedApplication(db, { name: 'Console', host: HOSTS.Console, subjects: ['group:admins'], level: 'two_factor' });
}

type Person = 'mia' | 'otto' | 'ada' | 'pia' | 'cora';
/** Who is who: groups, session level, whether they have a second factor. */
const PEOPLE: Record<Person, { groups: string[]; level: 'one_factor' | 'two_factor'; factor: boolean }> = {
  mia: { groups: ['family'], level: 'one_factor', factor: false },
  otto: { groups: ['work'], level: 'one_factor', factor: true },
  ada: { groups: ['admins'], level: 'two_factor', factor: true },
  pia: { groups: [], level: 'one_factor', factor: false },
  cora: { groups: ['family', 'contractors'], level: 'two_factor', factor: true },
};

/** name → access, for the applications each person may open (launcher or not). */
const EXPECTED: Record<Person, Partial<Record<Name, string>>> = {
  mia: { Photos: 'open', Paperless: 'add-factor', Status: 'open', Hidden: 'open' },
  otto: { Wiki: 'open', Paperless: 'confirm-factor', Status: 'open', Hidden: 'open' },
  ada: { Paperless: 'open', Status: 'open', Hidden: 'open', Console: 'open' },
  pia: { Paperless: 'add-factor', Status: 'open', Hidden: 'open' },
  cora: { Paperless: 'open', Status: 'open', Hidden: 'open' },
};

describe.each(DIALECTS)('the launcher on %s', (dialect) => {
  let db: Db;
  let pg: TestDatabase | null = null;
  let dataDir: string;
  let server: GatehouseProcess;
  let portalHost: string;
  const tokens = {} as Record<Person, string>;
  const ids = {} as Record<Person, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-launcher-'));
    if (dialect === 'postgresql') {
      pg = await createTestDatabase(dialect);
      db = pg.db;
    } else {
      const file = join(dataDir, 'gatehouse.db');
      await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
      db = createDb({ dialect: 'sqlite', url: `file:${file}` });
    }
    for (const [name, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const user = await createTestUser(db, { username: name, groups: person.groups });
      ids[name] = user.id;
      if (person.factor) await db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'Phone' } });
      tokens[name] = await seedSession(db, { userId: user.id, level: person.level });
    }
    // After the users: an application may name only groups that exist.
    await seedAll(db);
    const port = await freeLoopbackPort();
    portalHost = `auth.example.test:${port}`;
    server = await startGatehouse({
      dataDir,
      port,
      env: {
        ...(pg ? { DATABASE_URL: pg.url } : {}),
        GATEHOUSE_URL: `http://${portalHost}`,
        GATEHOUSE_COOKIE_DOMAIN: 'example.test',
        GATEHOUSE_ALLOW_HTTP: 'true',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    if (pg) await pg.drop();
    else await db?.$disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The viewer as the home page builds it: from the session the cookie names. */
  async function viewerOf(person: Person): Promise<TLauncherViewer> {
    const check = await validateSession(tokens[person], { db, idleTimeoutMs: 3_600_000, touch: false });
    if (check.status !== 'ok') throw new Error(`no session for ${person}`);
    return launcherViewer(check, '127.0.0.1');
  }

  const verify = (person: Person, url: string) =>
    httpRequest({
      port: server.port,
      path: '/api/verify',
      headers: { 'X-Original-URL': url, 'X-Original-Method': 'GET', Accept: 'text/html', Cookie: `gatehouse_session=${tokens[person]}` },
    });

  it.each(Object.keys(PEOPLE) as Person[])('%s: exactly the applications the rules allow, each with what it takes', async (person) => {
    const apps = await listUserApplications(db, await viewerOf(person));
    expect(Object.fromEntries(apps.map((a) => [a.name, a.access]))).toEqual(EXPECTED[person]);
    expect(apps.find((a) => a.name === 'Hidden')?.onLauncher).toBe(false);
    expect(apps.filter((a) => a.name !== 'Hidden').every((a) => a.onLauncher)).toBe(true);
    const status = apps.find((a) => a.name === 'Status')!;
    expect(status).toMatchObject({ needs: 'nothing', url: 'https://status.example.test/' });
  });

  it.each(Object.keys(PEOPLE) as Person[])('%s: the same decision as /api/verify for every application, allowed or not', async (person) => {
    const apps = new Map<string, TUserApplication>((await listUserApplications(db, await viewerOf(person))).map((a) => [a.name, a]));
    for (const [name, host] of Object.entries(HOSTS)) {
      const answer = await verify(person, `https://${host}/`);
      const app = apps.get(name);
      if (answer.status === 403) expect(app, `${person} ${name}`).toBeUndefined();
      else if (answer.status === 200) expect(app?.access, `${person} ${name}`).toBe('open');
      else {
        expect(answer.status).toBe(401);
        expect(answer.headers.location).toContain('/sign-in/second-factor?rd=');
        expect(['confirm-factor', 'add-factor']).toContain(app?.access);
      }
    }
  });

  it('the home page the server renders shows exactly the launcher tiles, and the second-factor message', async () => {
    const names = async (person: Person) => {
      const page = await httpRequest({ port: server.port, host: portalHost, path: '/', headers: { Cookie: `gatehouse_session=${tokens[person]}` } });
      expect(page.status).toBe(200);
      return { html: page.body, names: [...page.body.matchAll(/data-testid="app-name"[^>]*>([^<]+)</g)].map((m) => m[1]) };
    };
    const mia = await names('mia');
    expect(mia.names).toEqual(['Photos', 'Paperless', 'Status']);
    expect(mia.html).toContain('Paperless<!-- --> needs a second factor:');
    const otto = await names('otto');
    expect(otto.names).toEqual(['Wiki', 'Paperless', 'Status']);
    expect(otto.html).not.toContain('Photos');
    expect(otto.html).not.toContain('Console');
    expect((await names('ada')).names).toEqual(['Paperless', 'Status', 'Console']);
    const cora = await names('cora');
    expect(cora.names).toEqual(['Paperless', 'Status']);
    expect(cora.html).not.toContain('Family pictures');
  });

  it('recent sign-ins: the user’s own successful ones from the audit log, newest first, with browser and method', async () => {
    const party = { id: ids.pia, name: 'pia' };
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    for (const [i, method] of ['password', 'passkey', 'email', 'password', 'password', 'passkey'].entries()) {
      await logEvent(db, {
        type: 'auth.sign_in',
        actor: party,
        target: { type: 'user', ...party },
        meta: { ip: `192.0.2.${i}`, userAgent: firefox },
        data: { method },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await logEvent(db, {
      type: 'auth.sign_in',
      outcome: 'failure',
      actor: party,
      target: { type: 'user', ...party },
      meta: { ip: '203.0.113.1', userAgent: null },
      data: { method: 'password' },
    });
    const other = { id: ids.mia, name: 'mia' };
    await logEvent(db, {
      type: 'auth.sign_in',
      actor: other,
      target: { type: 'user', ...other },
      meta: { ip: '198.51.100.1', userAgent: null },
      data: { method: 'password' },
    });
    const recent = await listRecentSignIns(db, { userId: ids.pia, limit: 5, providerNames: {} });
    expect(recent.map((r) => [r.method, r.ip, r.browser])).toEqual([
      ['Passkey', '192.0.2.5', 'Firefox on Linux'],
      ['Password', '192.0.2.4', 'Firefox on Linux'],
      ['Password', '192.0.2.3', 'Firefox on Linux'],
      ['Email link', '192.0.2.2', 'Firefox on Linux'],
      ['Passkey', '192.0.2.1', 'Firefox on Linux'],
    ]);
    expect(await listRecentSignIns(db, { userId: ids.otto, limit: 5, providerNames: {} })).toEqual([]);
  });

  it('with no applications: a user is told the administrator adds them; an admin gets the link to add the first', async () => {
    await db.application.deleteMany({});
    const home = (person: Person) =>
      httpRequest({ port: server.port, host: portalHost, path: '/', headers: { Cookie: `gatehouse_session=${tokens[person]}` } });
    const user = await home('pia');
    expect(user.body).toContain('No applications yet — your administrator adds them.');
    expect(user.body).not.toContain('/admin/applications/new');
    const admin = await home('ada');
    expect(admin.body).toContain('href="/admin/applications/new"');
    expect(admin.body).not.toContain('data-testid="app-tile"');
  });
});
