/**
 * The password sign-in as an attacker drives it: 30 POSTs of the sign-in form at once, for one
 * user from one client address, to the built server (dist/server.mjs, what `npm start` runs),
 * on SQLite and PostgreSQL. At most five passwords are checked; the others are refused without
 * being looked at, and the right password, sent last in the same burst, gets no session.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { countBy } from './burst';

const N = 30;
const ATTACKER = '203.0.113.77';

/** The server action behind the sign-in form, from the build's manifest. */
function signInActionId(): string {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, a]) => a.exportedName === 'signInAction' && a.filename === 'app/(auth)/sign-in/actions.ts');
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} signInAction actions`);
  return ids[0]![0];
}

describe.each(DIALECTS)('30 sign-in forms at once through the built server on %s', (dialect) => {
  let server: GatehouseProcess;
  let db: Db;
  let pg: TestDatabase | null = null;

  beforeAll(async () => {
    if (dialect === 'postgresql') pg = await createTestDatabase(dialect);
    server = await startGatehouse({ env: pg ? { DATABASE_URL: pg.url } : {} });
    db = pg ? pg.db : createDb({ dialect, url: `file:${join(server.dataDir, 'gatehouse.db')}` });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (pg) await pg.drop();
    else await db?.$disconnect();
  });

  /** The sign-in form, POSTed the way React's client sends a form action, from the attacker's address (through a trusted proxy). */
  function post(actionId: string, login: string, password: string): Promise<Response> {
    const form = new FormData();
    form.append('_1_rd', '');
    form.append('_1_login', login);
    form.append('_1_password', password);
    form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
    return fetch(`${server.direct}/sign-in`, {
      method: 'POST',
      headers: { 'Next-Action': actionId, Origin: server.direct, Accept: 'text/x-component', 'X-Forwarded-For': ATTACKER },
      body: form,
      redirect: 'manual',
    });
  }

  it('checks at most five passwords; the right one, sent last, gets no session', async () => {
    const user = await createTestUser(db);
    const actionId = signInActionId();
    const passwords = [...Array.from({ length: N - 1 }, (_, i) => `wrong password ${i}`), TEST_PASSWORD];
    const responses = await Promise.all(passwords.map((password) => post(actionId, user.username, password)));
    const bodies = await Promise.all(responses.map((r) => r.text()));

    // Nothing failed on the server's side, and no answer set a session cookie.
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: N }, () => 200));
    expect(responses.filter((r) => (r.headers.get('set-cookie') ?? '').includes('gatehouse_session='))).toEqual([]);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // Every answer is a refusal the form shows: the wrong password, or the ban.
    const told = countBy(bodies, (b) =>
      b.includes('The username or password is incorrect.')
        ? 'wrong'
        : /Too many failed sign-ins\. Try again in (10 minutes|a moment)\./.test(b)
          ? 'banned'
          : `other: ${b.slice(0, 200)}`,
    );
    expect(told).toEqual({ wrong: 4, banned: 26 });
    expect(bodies[N - 1]).toMatch(/Too many failed sign-ins/);

    const events = await db.auditEvent.findMany({ where: { type: 'auth.sign_in', targetId: user.id }, select: { outcome: true, ip: true, data: true } });
    expect(new Set(events.map((e) => e.ip))).toEqual(new Set([ATTACKER]));
    const reasons = countBy(events, (e) => (e.outcome === 'success' ? 'signed in' : (JSON.parse(e.data!) as { reason: string }).reason));
    expect(reasons).toEqual({ wrong_password: 5, banned: 25 });
    expect(await db.credentialLock.count({ where: { subject: { in: [`user:${user.id}`, `ip:${ATTACKER}`] } } })).toBe(2);
  }, 60_000);
});
