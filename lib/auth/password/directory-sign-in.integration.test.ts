/**
 * Directory sign-in through the real sign-in code against a real slapd, on SQLite and PostgreSQL:
 * provisioning, group synchronisation (manual memberships kept), the admin group, allowed groups
 * and GATEHOUSE_LDAP_OTHERS, the local-vs-directory rule, and every bad input of the issue (empty
 * password, two entries, a disabled entry, the directory down, hanging or with a certificate that
 * does not match, generated logins full of filter metacharacters). slapd's own log proves which
 * binds reached it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAdmin } from '../account-gate';
import { reproveMethods, reproveWithPassword, WRONG_PASSWORD } from '../assurance-reprove';
import { useTestEnv } from '../../../test/support/test-env';
import { closeDirectoryPools } from '../../directory/directory-pool';
import { DIRECTORY_UNREACHABLE } from '../../directory/directory-error';
import { createTestUser, TEST_PASSWORD } from '../../../test/support/fixtures';
import { addPerson, setMembership } from '../../../test/support/ldap/directory-changes';
import { testDirectorySettings } from '../../../test/support/ldap/directory-settings';
import { startSilentServer, type TFakeServer } from '../../../test/support/ldap/fake-servers';
import { startTestDirectory, type TSeed, type TSlapd } from '../../../test/support/slapd';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { AMBIGUOUS_LOGIN } from './directory-password-backend';
import { DIRECTORY_OFF } from './password-backends';
import { signInWithPassword, WRONG_CREDENTIALS } from './sign-in-with-password';

let slapd: TSlapd;
let seed: TSeed;
let silent: TFakeServer;
let ipCounter = 0;
const newIp = () => `203.0.113.${++ipCounter % 250}`;

beforeAll(async () => {
  silent = await startSilentServer();
  ({ slapd, seed } = await startTestDirectory());
});
afterAll(async () => {
  closeDirectoryPools();
  await slapd?.stop();
  await silent?.stop();
});

describe.each(DIALECTS)('directory sign-in on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const settings = (vars: Record<string, string> = {}) =>
    testDirectorySettings(slapd, seed, { GATEHOUSE_LDAP_NESTED_GROUPS: 'walk', GATEHOUSE_LDAP_ADMIN_GROUP: 'gh-admins', ...vars });
  const signIn = (login: string, password: string, vars: Record<string, string> = {}, ip = newIp()) =>
    signInWithPassword(t.db, { login, password, meta: { ip, userAgent: 'vitest' }, sessionMaxAgeMs: 3_600_000, directory: settings(vars) });
  const groupsOf = async (userId: string) =>
    (await t.db.userGroup.findMany({ where: { userId }, select: { source: true, group: { select: { name: true } } } }))
      .map((g) => `${g.group.name}:${g.source}`)
      .sort();

  it('creates the account at the first sign-in, with its directory groups and admin rights; the password is not stored', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff', 'ops'] });
    const result = await signIn(person.uid, seed.PASSWORD);
    expect(result.ok).toBe(true);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: person.uid }, omit: { passwordHash: false } });
    expect(user).toMatchObject({
      authSource: 'directory',
      directoryDn: person.dn,
      status: 'active',
      passwordHash: null,
      email: person.mail,
      signupMethod: 'directory',
    });
    expect(user.directoryUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await groupsOf(user.id)).toEqual(['admins:directory', 'gh-admins:directory', 'ops:directory', 'staff:directory']);
    expect(isAdmin((await groupsOf(user.id)).map((g) => g.split(':')[0]!))).toBe(true);
    const created = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'user.created', targetId: user.id } });
    expect(created.data).toContain('"method":"directory"');
  });

  it('synchronises the directory groups at every sign-in and keeps the ones an admin set by hand', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff', 'paperless'] });
    expect((await signIn(person.uid, seed.PASSWORD)).ok).toBe(true);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: person.uid }, select: { id: true } });
    for (const name of ['family', 'staff']) {
      const group = await t.db.group.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } });
      await t.db.userGroup.upsert({
        where: { userId_groupId: { userId: user.id, groupId: group.id } },
        create: { userId: user.id, groupId: group.id, source: 'manual' },
        update: { source: 'manual' },
      });
    }
    setMembership(slapd, seed, 'paperless', person.dn, false);
    setMembership(slapd, seed, 'staff', person.dn, false);
    expect((await signIn(person.uid, seed.PASSWORD)).ok).toBe(true);
    // paperless (directory) is gone; staff was set by hand too, so it stays; family is manual.
    expect(await groupsOf(user.id)).toEqual(['family:manual', 'staff:manual']);
    setMembership(slapd, seed, 'paperless', person.dn, true);
    expect((await signIn(person.uid, seed.PASSWORD)).ok).toBe(true);
    expect(await groupsOf(user.id)).toEqual(['family:manual', 'paperless:directory', 'staff:manual']);
  });

  it('refuses users outside the allowed groups, or creates them pending, as configured', async () => {
    const outsider = addPerson(slapd, seed);
    const refused = await signIn(outsider.uid, seed.PASSWORD, { GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff' });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/not in a group allowed/) });
    expect(await t.db.user.count({ where: { username: outsider.uid } })).toBe(0);
    const pending = await signIn(outsider.uid, seed.PASSWORD, { GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff', GATEHOUSE_LDAP_OTHERS: 'pending' });
    expect(pending).toEqual({ ok: false, message: expect.stringMatching(/waiting for an administrator/) });
    expect(await t.db.user.findUniqueOrThrow({ where: { username: outsider.uid }, select: { status: true } })).toEqual({ status: 'pending' });
    // Once in an allowed group, the pending account becomes active at the next sign-in.
    setMembership(slapd, seed, 'staff', outsider.dn, true);
    expect((await signIn(outsider.uid, seed.PASSWORD, { GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff', GATEHOUSE_LDAP_OTHERS: 'pending' })).ok).toBe(true);
  });

  it('never takes over a local account: a local login is checked locally only, and a directory entry with its email is refused', async () => {
    const local = await createTestUser(t.db, { username: `local-${dialect}` });
    const sameName = addPerson(slapd, seed, { prefix: 'dup' });
    await t.db.user.update({ where: { id: local.id }, data: { username: sameName.uid } });
    const bindsBefore = slapd.binds(sameName.dn);
    expect(await signIn(sameName.uid, seed.PASSWORD)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(slapd.binds(sameName.dn)).toBe(bindsBefore);
    expect((await signIn(sameName.uid, TEST_PASSWORD)).ok).toBe(true);

    const other = await createTestUser(t.db);
    const sameEmail = addPerson(slapd, seed, { mail: other.email });
    const refused = await signIn(sameEmail.uid, seed.PASSWORD);
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/email address of your directory account belongs to an account of this portal/) });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: other.id }, select: { authSource: true, directoryUid: true } })).toEqual({
      authSource: 'local',
      directoryUid: null,
    });
  });

  it('a login that names no entry costs one bind, as a wrong password does (a decoy DN, never the typed password): the timing tells nobody who exists', async () => {
    await signIn('bob', 'Wrong-pass-1'); // the pools are open before counting
    let before = slapd.binds();
    expect(await signIn(`nobody-${dialect}-${ipCounter}`, 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    const unknown = slapd.binds() - before;
    before = slapd.binds();
    expect(await signIn('bob', 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    const wrong = slapd.binds() - before;
    expect([unknown, wrong]).toEqual([1, 1]);
    expect(slapd.log()).toMatch(new RegExp(`BIND dn="cn=gatehouse-no-entry-[0-9a-f]{16},${seed.PEOPLE}"`, 'i'));
  });

  it('refuses an empty password before any bind, two entries for one login, and a disabled entry', async () => {
    const binds = slapd.binds(seed.USERS.bob.dn);
    expect(await signIn('bob', '')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(slapd.binds(seed.USERS.bob.dn)).toBe(binds);
    expect(await signIn('twin', seed.PASSWORD)).toEqual({ ok: false, message: AMBIGUOUS_LOGIN });
    expect(slapd.binds(seed.USERS.twinA.dn) + slapd.binds(seed.USERS.twinB.dn)).toBe(0);
    expect(await signIn('carol', seed.PASSWORD)).toEqual({ ok: false, message: expect.stringMatching(/directory account is disabled/) });
    expect(await t.db.user.count({ where: { username: 'carol' } })).toBe(0);
  });

  it('says "directory unreachable" when it is down, hangs or shows a certificate that does not match, while local users still sign in', async () => {
    const local = await createTestUser(t.db);
    const broken: Record<string, string>[] = [
      { GATEHOUSE_LDAP_URLS: 'ldap://127.0.0.1:1' },
      { GATEHOUSE_LDAP_URLS: silent.url, GATEHOUSE_LDAP_TIMEOUT: '500ms' },
      { GATEHOUSE_LDAP_URLS: slapd.mismatchUrl, GATEHOUSE_LDAP_CA: slapd.caPem },
    ];
    for (const vars of broken) {
      expect(await signIn('alice', seed.PASSWORD, vars)).toEqual({ ok: false, message: DIRECTORY_UNREACHABLE });
      expect((await signIn(local.username, TEST_PASSWORD, vars)).ok).toBe(true);
    }
    const mismatch = await t.db.auditEvent.findFirstOrThrow({
      where: { type: 'auth.sign_in', data: { contains: 'hostname mismatch' } },
      select: { data: true },
    });
    expect(mismatch.data).toContain('directory_tls');
  });

  it('a directory account cannot sign in with a password while no directory is configured, and nothing reaches the directory', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    expect((await signIn(person.uid, seed.PASSWORD)).ok).toBe(true);
    const binds = slapd.binds(person.dn);
    const off = await signInWithPassword(t.db, {
      login: person.uid,
      password: seed.PASSWORD,
      meta: { ip: newIp(), userAgent: 'vitest' },
      sessionMaxAgeMs: 3_600_000,
    });
    expect(off).toEqual({ ok: false, message: DIRECTORY_OFF });
    expect(slapd.binds(person.dn)).toBe(binds);
  });

  it('makes one account when the first two sign-ins of a directory user race', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    const results = await Promise.all([signIn(person.uid, seed.PASSWORD), signIn(person.uid, seed.PASSWORD), signIn(person.mail, seed.PASSWORD)]);
    expect(results.map((r) => (r.ok ? 'ok' : r.message))).toEqual(['ok', 'ok', 'ok']);
    expect(await t.db.user.count({ where: { username: person.uid } })).toBe(1);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: person.uid }, select: { id: true } });
    expect(await t.db.auditEvent.count({ where: { type: 'user.created', targetId: user.id } })).toBe(1);
    expect(await groupsOf(user.id)).toEqual(['staff:directory']);
  });

  it('re-proves a directory password for sudo mode with a bind as the entry', async () => {
    const testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    try {
      const person = addPerson(slapd, seed, { groups: ['staff'] });
      const signedIn = await signIn(person.uid, seed.PASSWORD);
      if (!signedIn.ok) throw new Error(signedIn.message);
      const user = await t.db.user.findUniqueOrThrow({ where: { id: signedIn.userId }, select: { id: true, username: true, email: true, displayName: true } });
      const reprove = (password: string) =>
        reproveWithPassword(t.db, {
          user: { ...user, hasSecondFactor: false },
          sessionId: signedIn.sessionId,
          meta: { ip: newIp(), userAgent: 'vitest' },
          env: { ...testEnv.env, directory: settings() },
          password,
        });
      expect(await reproveMethods(t.db, { id: user.id, hasSecondFactor: false })).toMatchObject({ password: true });
      await expect(reprove('wrong')).rejects.toThrow(WRONG_PASSWORD);
      await expect(reprove('')).rejects.toThrow(WRONG_PASSWORD);
      await reprove(seed.PASSWORD);
      expect(await t.db.session.findUniqueOrThrow({ where: { id: signedIn.sessionId }, select: { passwordProvenAt: true } })).toMatchObject({
        passwordProvenAt: expect.any(Date),
      });
    } finally {
      testEnv.restore();
    }
  });

  it('never signs anyone in with a generated login full of filter metacharacters', async () => {
    const meta = fc.constantFrom('*', '(', ')', '\\', '\u0000', '*)(uid=*))(|(uid=*', 'alice', 'bob', '*)(|(objectClass=*');
    const login = fc.array(meta, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(login, async (typed) => {
        fc.pre(!['alice', 'bob'].includes(typed.trim().toLowerCase()));
        expect((await signIn(typed, seed.PASSWORD)).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
    expect(await t.db.user.count({ where: { username: { in: ['alice', 'bob'] } } })).toBe(0);
  });
});
