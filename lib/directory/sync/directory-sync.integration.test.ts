/**
 * The directory sync against a real OpenLDAP slapd (test/support/slapd.ts), on SQLite and
 * PostgreSQL. Each test adds its own people to the directory (ldapadd/ldapmodify as the
 * directory's admin), gives them local directory accounts with a session, an app token and an
 * OpenID Connect grant, changes the directory, and runs the sync:
 *   - an entry deleted, locked (pwdAccountLockedTime) or taken out of the allowed group → the
 *     account is disabled, and its sessions, app tokens and grants end with the status change and
 *     its audit event; the verify caches are told (local bus);
 *   - group changes come in, groups an admin set by hand stay;
 *   - the directory unreachable → nobody is changed, the run says so;
 *   - a user base that finds nobody → the safety stop, nobody is changed;
 *   - two syncs at once → one runs, the other is told a sync is running.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../events/local-bus';
import { sha256Hex } from '../../crypto';
import { ensureGroups } from '../../users/ensure-groups';
import { freeLoopbackPort } from '../../../test/support/free-port';
import { addPerson, ldapModify, setMembership } from '../../../test/support/ldap/directory-changes';
import { startTestDirectory, type TSeed, type TSlapd } from '../../../test/support/slapd';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../../test/support/test-env';
import { directoryPort } from './directory-port';
import { runDirectorySync } from './run-directory-sync';
import { readLastSync } from './sync-report';
import { syncDirectoryNow } from './sync-directory-now';

let slapd: TSlapd;
let seed: TSeed;

beforeAll(async () => {
  ({ slapd, seed } = await startTestDirectory());
}, 60_000);
afterAll(async () => slapd?.stop());

const deleteEntry = (dn: string) => ldapModify(slapd, `dn: ${dn}\nchangetype: delete\n`);
const lock = (dn: string) =>
  ldapModify(slapd, [`dn: ${dn}`, 'changetype: modify', 'add: pwdAccountLockedTime', 'pwdAccountLockedTime: 000001010000Z', ''].join('\n'));

function entryUuid(dn: string): string {
  const done = spawnSync('ldapsearch', ['-x', '-LLL', '-H', slapd.ldapUrl, '-D', slapd.rootDn, '-w', slapd.rootPassword, '-b', dn, '-s', 'base', 'entryUUID'], {
    encoding: 'utf8',
  });
  const uuid = done.stdout.match(/^entryUUID: (\S+)$/m)?.[1];
  if (!uuid) throw new Error(`no entryUUID for ${dn}: ${done.stderr}`);
  return uuid;
}

/** The directory settings of these tests: the seed's directory, members of staff may sign in. */
const directoryVars = (overrides: Record<string, string> = {}) => ({
  GATEHOUSE_URL: 'http://localhost:9091',
  GATEHOUSE_LDAP_PRESET: 'openldap',
  GATEHOUSE_LDAP_URLS: slapd.ldapUrl,
  GATEHOUSE_LDAP_BIND_DN: seed.SERVICE.dn,
  GATEHOUSE_LDAP_BIND_PASSWORD: seed.SERVICE.password,
  GATEHOUSE_LDAP_USER_BASE: seed.PEOPLE,
  GATEHOUSE_LDAP_GROUP_BASE: seed.GROUPS,
  GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff',
  GATEHOUSE_LDAP_TIMEOUT: '2s',
  ...overrides,
});

describe.each(DIALECTS)('directory sync on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());
  afterEach(() => {
    testEnv?.restore();
    testEnv = undefined;
  });
  const configure = (overrides: Record<string, string> = {}) => {
    testEnv?.restore();
    testEnv = useTestEnv(directoryVars(overrides));
    return testEnv.env;
  };

  /** A person in the directory (in staff and `groups`) with a local directory account holding a session, an app token and an OIDC grant. */
  async function person(groups: string[] = []) {
    const { uid, dn } = addPerson(slapd, seed, { prefix: `sync-${dialect.slice(0, 2)}`, groups: ['staff', ...groups] });
    const user = await t.db.user.create({
      data: {
        username: uid,
        email: `${uid}@example.test`,
        displayName: `Sync ${uid}`,
        status: 'active',
        authSource: 'directory',
        directoryDn: dn,
        directoryUid: entryUuid(dn),
      },
      select: { id: true },
    });
    const directoryGroups = await ensureGroups(t.db, ['staff', ...groups]);
    await t.db.userGroup.createMany({ data: directoryGroups.map((g) => ({ userId: user.id, groupId: g.id, source: 'directory' })) });
    const sessionToken = randomBytes(32).toString('base64url');
    await t.db.session.create({
      data: { userId: user.id, tokenHash: sha256Hex(sessionToken), level: 'two_factor', expiresAt: new Date(Date.now() + 3_600_000) },
    });
    await t.db.appToken.create({ data: { userId: user.id, label: 'phone', tokenHash: sha256Hex(randomBytes(20).toString('hex')), requestId: uid } });
    await t.db.oidcPayload.create({ data: { id: `grant-${uid}`, model: 'Grant', payload: '{}', accountId: user.id, clientId: 'client-1' } });
    return { id: user.id, uid, dn, sessionHash: sha256Hex(sessionToken) };
  }

  const accountOf = async (id: string) => {
    const user = await t.db.user.findUniqueOrThrow({ where: { id }, select: { status: true, statusReason: true } });
    const openSessions = await t.db.session.count({ where: { userId: id, revokedAt: null } });
    const liveTokens = await t.db.appToken.count({ where: { userId: id, revokedAt: null } });
    const grants = await t.db.oidcPayload.count({ where: { accountId: id } });
    return { ...user, openSessions, liveTokens, grants };
  };
  const groupsOf = async (id: string) =>
    (await t.db.userGroup.findMany({ where: { userId: id }, select: { source: true, group: { select: { name: true } } } }))
      .map((g) => `${g.group.name}:${g.source}`)
      .sort();
  const disabledEvent = (id: string) => t.db.auditEvent.findFirst({ where: { type: 'user.disabled', targetId: id }, select: { actorId: true, data: true } });

  it('an entry deleted, locked or out of the allowed groups: disabled, with sessions, app tokens and grants ended in the same step; the others stay', async () => {
    const env = configure();
    const [gone, locked, outside, staying] = [await person(), await person(), await person(), await person()];
    deleteEntry(gone.dn);
    lock(locked.dn);
    setMembership(slapd, seed, 'staff', outside.dn, false);
    const revoked: string[] = [];
    const unsubscribe = subscribe('sessions-revoked', (event) => revoked.push(...(event.tokenHashes ?? [])));
    try {
      const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env });
      expect(outcome.status).toBe('done');
    } finally {
      unsubscribe();
    }
    for (const [who, reason] of [
      [gone, 'gone'],
      [locked, 'disabled'],
      [outside, 'not-allowed'],
    ] as const) {
      expect(await accountOf(who.id)).toMatchObject({ status: 'disabled', openSessions: 0, liveTokens: 0, grants: 0 });
      const event = await disabledEvent(who.id);
      expect(event?.actorId).toBe('directory-sync');
      expect(JSON.parse(event?.data ?? '{}')).toMatchObject({ by: 'directory_sync', reason, sessionsEnded: 1, devicesRevoked: 1, oidcObjectsRevoked: 1 });
      expect(revoked).toContain(who.sessionHash);
    }
    expect(await accountOf(staying.id)).toMatchObject({ status: 'active', openSessions: 1, liveTokens: 1, grants: 1 });
    const report = await readLastSync(t.db);
    expect(report?.outcome).toBe('ok');
    expect(report?.changes.filter((c) => c.change === 'disabled').map((c) => [c.username, c.reason])).toEqual(
      expect.arrayContaining([
        [gone.uid, 'gone'],
        [locked.uid, 'disabled'],
        [outside.uid, 'not-allowed'],
      ]),
    );
    expect(await t.db.auditEvent.count({ where: { type: 'directory.synced' } })).toBeGreaterThan(0);
  });

  it('directory groups come and go with the directory; a group an admin set by hand stays', async () => {
    const env = configure();
    const someone = await person(['ops']);
    const [manual] = await ensureGroups(t.db, [`family-${dialect}`]);
    await t.db.userGroup.create({ data: { userId: someone.id, groupId: manual!.id, source: 'manual' } });
    setMembership(slapd, seed, 'ops', someone.dn, false);
    setMembership(slapd, seed, 'paperless', someone.dn, true);
    await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect(await groupsOf(someone.id)).toEqual([`family-${dialect}:manual`, 'paperless:directory', 'staff:directory']);
    expect((await accountOf(someone.id)).status).toBe('active');
    const change = (await readLastSync(t.db))?.changes.find((c) => c.userId === someone.id);
    expect(change).toMatchObject({ change: 'updated', groupsAdded: ['paperless'], groupsRemoved: ['ops'] });
  });

  it('the directory does not answer: nobody is disabled or changed, and the run says so', async () => {
    const closed = await freeLoopbackPort();
    configure();
    const someone = await person();
    deleteEntry(someone.dn);
    const env = configure({ GATEHOUSE_LDAP_URLS: `ldap://127.0.0.1:${closed}` });
    const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect(outcome.status === 'done' && outcome.report.outcome).toBe('unreachable');
    expect(outcome.status === 'done' && outcome.report.counts).toMatchObject({ disabled: 0, updated: 0 });
    expect(outcome.status === 'done' && outcome.report.errors.join(' ')).toMatch(/did not answer/);
    expect(await accountOf(someone.id)).toMatchObject({ status: 'active', openSessions: 1, liveTokens: 1, grants: 1 });
  });

  it('a user base that finds nobody is a misconfiguration, not news: the sync stops before disabling anyone', async () => {
    configure();
    const people = [await person(), await person(), await person()];
    const env = configure({ GATEHOUSE_LDAP_USER_BASE: `ou=contractors,${seed.PEOPLE}` });
    const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect(outcome.status === 'done' && outcome.report.outcome).toBe('refused');
    for (const someone of people) expect((await accountOf(someone.id)).status).toBe('active');
  });

  it('a sync while another runs (here or on another instance) does not start: the scheduled one and "Sync now" are told', async () => {
    const env = configure();
    await person();
    // The first run holds its lease while it waits at the gate, after it has claimed the run.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const port = directoryPort(env.directory!);
    const first = runDirectorySync(t.db, { trigger: 'schedule', env, port: { ...port, accounts: async (db) => gate.then(() => port.accounts(db)) } });
    await expect
      .poll(() => t.db.setting.findUnique({ where: { key: 'directory.sync.lease' }, select: { value: true } }).then((r) => r?.value ?? ''))
      .toMatch(/^\d{4}-/);
    expect((await runDirectorySync(t.db, { trigger: 'manual', env })).status).toBe('busy');
    const now = await syncDirectoryNow(t.db, { actor: { id: 'admin-1', name: 'admin' }, meta: { ip: '203.0.113.7', userAgent: 'vitest' } });
    expect(now).toEqual({ ok: false, message: expect.stringMatching(/running already/) });
    open();
    expect((await first).status).toBe('done');
    // The lease is given back: the next run runs.
    expect((await runDirectorySync(t.db, { trigger: 'schedule', env })).status).toBe('done');
  });
  it('a pending account outside the allowed groups stays pending; one whose entry is gone is disabled', async () => {
    const env = configure({ GATEHOUSE_LDAP_OTHERS: 'pending' });
    const [waiting, vanished] = [await person(), await person()];
    await t.db.user.updateMany({ where: { id: { in: [waiting.id, vanished.id] } }, data: { status: 'pending' } });
    setMembership(slapd, seed, 'staff', waiting.dn, false);
    deleteEntry(vanished.dn);
    await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect((await accountOf(waiting.id)).status).toBe('pending');
    expect(await accountOf(vanished.id)).toMatchObject({ status: 'disabled', openSessions: 0 });
  });

  it('the last active admin is not disabled by a sync: reported for an admin to decide', async () => {
    const env = configure();
    const admin = await person();
    const [admins] = await ensureGroups(t.db, ['admins']);
    await t.db.userGroup.create({ data: { userId: admin.id, groupId: admins!.id, source: 'manual' } });
    await t.db.user.updateMany({ where: { id: { not: admin.id }, groups: { some: { groupId: admins!.id } } }, data: { status: 'disabled' } });
    deleteEntry(admin.dn);
    const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect(outcome.status === 'done' && outcome.report.outcome).toBe('partial');
    expect(outcome.status === 'done' && outcome.report.errors.join(' ')).toMatch(/last active admin is not disabled by a sync/);
    expect(await accountOf(admin.id)).toMatchObject({ status: 'active', openSessions: 1 });
  });
  it('an account the directory cannot be asked about (no directory id yet) is skipped and reported, never taken as gone', async () => {
    const env = configure();
    const someone = await person();
    await t.db.user.update({ where: { id: someone.id }, data: { directoryUid: null } });
    const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env });
    expect(outcome.status === 'done' && outcome.report.changes.find((c) => c.userId === someone.id)).toMatchObject({
      change: 'skipped',
      message: expect.stringMatching(/no directory id yet/),
    });
    expect((await accountOf(someone.id)).status).toBe('active');
  });
});
