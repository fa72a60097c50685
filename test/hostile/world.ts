/**
 * What the hostile corpus runs against: the built Gatehouse server (dist/server.mjs) as a real
 * process on a seeded database, plus a second one on an empty database (no admin yet, so setup
 * links are judged), and a fake Paperless for device tokens. The seeded values the cases name
 * as {{placeholders}} are listed in `values`.
 *
 *   portal  http://auth.example.test:<port>, cookie domain example.test, extra redirect domain
 *           other.test, trusted proxy 127.0.0.1 only (other loopback addresses are untrusted
 *           clients), Paperless public URL http://paperless.example.test
 *   rules   public.example.test bypass · open.test, *.open.test bypass · app.example.test /admin
 *           deny, else one_factor · two.example.test two_factor · blocked.example.test deny ·
 *           lan.example.test bypass from 192.0.2.0/24, else one_factor · paperless.example.test
 *           two_factor · default deny
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { Dialect } from '../../lib/config';
import { issueOneTimeToken, type TokenPurpose } from '../../lib/links/one-time-token';
import { createAppToken } from '../../lib/paperless/app-tokens';
import { setGroupMapping } from '../../lib/paperless/group-mappings';
import { createTestUser } from '../support/fixtures';
import { startFakePaperless, type FakePaperless } from '../support/fake-paperless';
import { freeLoopbackPort } from '../support/free-port';
import { startGatehouse, type GatehouseProcess } from '../support/gatehouse-process';
import { seedRules, seedSession } from '../support/seed';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { useTestEnv, type TestEnv } from '../support/test-env';

export const PORTAL_HOST = 'auth.example.test';
export const COOKIE_DOMAIN = 'example.test';
export const REDIRECT_DOMAIN = 'other.test';
export const PAPERLESS_HOST = 'paperless.example.test';
export const COOKIE_NAME = 'gatehouse_session';

export type ServerName = 'main' | 'fresh';
export type World = {
  servers: Record<ServerName, { port: number; portal: string; process: GatehouseProcess }>;
  values: Record<string, string>;
  stop(): Promise<void>;
};

const SEEDER = { actor: { id: 'corpus', name: 'corpus' }, meta: { ip: '192.0.2.200', userAgent: 'hostile corpus' } };
const HOUR = 3_600_000;

/** Exported server actions by name, from the build's server reference manifest. */
function builtActionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string }>;
  };
  const byName: Record<string, string[]> = {};
  for (const [id, entry] of Object.entries(manifest.node)) (byName[entry.exportedName] ??= []).push(id);
  return Object.fromEntries(
    Object.entries(byName)
      .filter(([, ids]) => ids.length === 1)
      .map(([name, ids]) => [`action.${name}`, ids[0]!]),
  );
}

async function link(
  db: Db,
  purpose: TokenPurpose,
  input: { userId?: string; email?: string; state?: 'used' | 'expired'; deviceId?: string; action?: string; data?: string },
): Promise<string> {
  const issued = await issueOneTimeToken(db, {
    purpose,
    ttlMs: HOUR,
    userId: input.userId,
    email: input.email,
    deviceHash: input.deviceId ? sha256Hex(input.deviceId) : undefined,
    action: input.action,
    data: input.data,
  });
  if (input.state === 'used') await db.oneTimeToken.update({ where: { id: issued.id }, data: { usedAt: new Date() } });
  if (input.state === 'expired') await db.oneTimeToken.update({ where: { id: issued.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  return issued.token;
}

/** The main server's database: users, sessions, device tokens, rules and one-time links. */
async function seedMain(db: Db, env: TestEnv, fake: FakePaperless, emailReturns: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const family = fake.addGroup({ name: 'family', permissions: ['view_document', 'view_uisettings', 'view_user'] });
  const anna = await createTestUser(db, { username: 'anna', groups: ['family'] });
  const boss = await createTestUser(db, { username: 'boss', groups: ['admins'] });
  const carol = await createTestUser(db, { username: 'carol', groups: ['family'] });
  const erin = await createTestUser(db, { username: 'erin', password: null });
  await createTestUser(db, { username: 'rita' });
  const group = await db.group.findUniqueOrThrow({ where: { name: 'family' }, select: { id: true } });
  await setGroupMapping(db, { groupId: group.id, paperlessGroupId: family.id, ...SEEDER, env: env.env });

  values['s.anna'] = await seedSession(db, { userId: anna.id });
  values['s.anna2'] = await seedSession(db, { userId: anna.id, level: 'two_factor' });
  values['s.admin'] = await seedSession(db, { userId: boss.id, level: 'two_factor' });
  values['s.carol'] = await seedSession(db, { userId: carol.id, level: 'two_factor' });
  values['s.expired'] = await seedSession(db, { userId: anna.id, expiresAt: new Date(Date.now() - 60_000) });
  values['s.revoked'] = await seedSession(db, { userId: anna.id, revokedAt: new Date() });
  values['s.idle'] = await seedSession(db, { userId: anna.id, lastSeenAt: new Date(Date.now() - 13 * HOUR) });
  values['s.anna.truncated'] = values['s.anna'].slice(0, -1);
  values['s.anna.extended'] = `${values['s.anna']}A`;
  values['s.anna.upper'] = values['s.anna'].toUpperCase();
  values['s.anna.percent'] = [...values['s.anna']].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

  const device = (user: { id: string; username: string; email: string }, label: string) =>
    createAppToken(db, {
      user: { ...user, status: 'active' },
      sessionLevel: 'two_factor',
      values: { label, expires: 'never', requestId: randomBytes(8).toString('hex') },
      ...SEEDER,
      env: env.env,
    });
  values['dt.anna'] = (await device(anna, 'Phone')).token;
  values['dt.anna.upper'] = values['dt.anna'].toUpperCase();
  values['dt.anna.truncated'] = values['dt.anna'].slice(0, -1);
  values['dt.anna.basic'] = Buffer.from(`anna:${values['dt.anna']}`).toString('base64');
  const revoked = await device(anna, 'Old phone');
  await db.appToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  values['dt.revoked'] = revoked.token;
  const expired = await device(anna, 'Tablet');
  await db.appToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  values['dt.expired'] = expired.token;
  values['dt.carol'] = (await device(carol, 'Carol’s phone')).token;
  await db.user.update({ where: { id: carol.id }, data: { status: 'disabled' } });

  await seedRules(
    db,
    [
      { domains: ['public.example.test'], policy: 'bypass' },
      { domains: ['open.test', '*.open.test'], policy: 'bypass' },
      { domains: ['app.example.test'], paths: [{ kind: 'prefix', value: '/admin' }], policy: 'deny' },
      { domains: ['app.example.test'], policy: 'one_factor' },
      { domains: ['two.example.test'], policy: 'two_factor' },
      { domains: ['blocked.example.test'], policy: 'deny' },
      { domains: ['lan.example.test'], networks: ['192.0.2.0/24'], policy: 'bypass' },
      { domains: ['lan.example.test'], policy: 'one_factor' },
      { domains: [PAPERLESS_HOST], policy: 'two_factor' },
    ],
    'deny',
  );

  values['link.password'] = await link(db, 'password_set', { userId: erin.id });
  values['link.password.used'] = await link(db, 'password_set', { userId: erin.id, state: 'used' });
  values['link.password.expired'] = await link(db, 'password_set', { userId: erin.id, state: 'expired' });
  values['link.email'] = await link(db, 'email_sign_in', { email: anna.email });
  values['link.email.used'] = await link(db, 'email_sign_in', { email: anna.email, state: 'used' });
  values['link.email.expired'] = await link(db, 'email_sign_in', { email: anna.email, state: 'expired' });
  values['link.device'] = await link(db, 'device_link', { userId: anna.id, deviceId: 'annas-browser', action: 'add_totp' });
  values['link.device.used'] = await link(db, 'device_link', { userId: anna.id, deviceId: 'annas-browser', action: 'add_totp', state: 'used' });
  values['link.device.expired'] = await link(db, 'device_link', { userId: anna.id, deviceId: 'annas-browser', action: 'add_totp', state: 'expired' });
  values['link.device.boss'] = await link(db, 'device_link', { userId: boss.id, deviceId: 'boss-browser', action: 'recovery_codes' });
  values['link.setup'] = await link(db, 'setup', {});
  // One email sign-in link per stored return URL (each case uses its own: links work once).
  for (const [index, returnTo] of emailReturns.entries()) {
    values[`link.email.rd.${index}`] = await link(db, 'email_sign_in', { email: 'rita@example.test', data: JSON.stringify({ returnTo }) });
  }
  return values;
}

/** The fresh server's database: no users at all, so /setup/<token> judges its token. */
async function seedFresh(db: Db): Promise<Record<string, string>> {
  return {
    'fresh.setup': await link(db, 'setup', {}),
    'fresh.setup.used': await link(db, 'setup', { state: 'used' }),
    'fresh.setup.expired': await link(db, 'setup', { state: 'expired' }),
    'fresh.password': await link(db, 'password_set', {}),
    'fresh.email': await link(db, 'email_sign_in', { email: 'someone@example.test' }),
  };
}

export async function startWorld(dialect: Dialect, emailReturns: readonly string[]): Promise<World> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    const fake = await startFakePaperless({ tokenThrottlePerMinute: 10_000 });
    stops.push(() => fake.close());
    fake.addUser({ username: 'paperless-admin', is_superuser: true, is_staff: true });
    const [mainPort, freshPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const portal = (port: number) => `http://${PORTAL_HOST}:${port}`;
    const shared = {
      GATEHOUSE_COOKIE_DOMAIN: COOKIE_DOMAIN,
      GATEHOUSE_REDIRECT_DOMAINS: REDIRECT_DOMAIN,
      GATEHOUSE_ALLOW_HTTP: 'true',
      GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32',
      GATEHOUSE_VERIFY_DEBUG_HEADERS: 'true',
      // The corpus is not about regulation (its own tests are): many refusals from one address
      // must not turn into bans that change the answers of later cases.
      GATEHOUSE_REGULATION_MAX_FAILURES: '100',
      GATEHOUSE_REGULATION_WINDOW: '10s',
    };
    const vars = {
      ...shared,
      GATEHOUSE_URL: portal(mainPort),
      GATEHOUSE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      GATEHOUSE_PAPERLESS_URL: fake.url,
      GATEHOUSE_PAPERLESS_PUBLIC_URL: `http://${PAPERLESS_HOST}`,
      GATEHOUSE_PAPERLESS_ADMIN_TOKEN: fake.setToken('paperless-admin'),
    };
    const testEnv = useTestEnv(vars);
    stops.push(async () => testEnv.restore());

    const mainDb: TestDatabase = await createTestDatabase(dialect);
    stops.push(() => mainDb.drop());
    const freshDb: TestDatabase = await createTestDatabase(dialect);
    stops.push(() => freshDb.drop());
    const values = { ...(await seedMain(mainDb.db, testEnv, fake, emailReturns)), ...(await seedFresh(freshDb.db)), ...builtActionIds() };

    const main = await startGatehouse({ port: mainPort, env: { ...vars, DATABASE_URL: mainDb.url } });
    stops.push(() => main.stop());
    const fresh = await startGatehouse({ port: freshPort, env: { ...shared, GATEHOUSE_URL: portal(freshPort), DATABASE_URL: freshDb.url } });
    stops.push(() => fresh.stop());
    return {
      servers: { main: { port: mainPort, portal: portal(mainPort), process: main }, fresh: { port: freshPort, portal: portal(freshPort), process: fresh } },
      values,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
