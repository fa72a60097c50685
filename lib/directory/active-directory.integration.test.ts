/**
 * The Active Directory preset against a real Samba AD domain controller (test/support/ldap/samba-ad.ts,
 * provisioned for the run), on SQLite and PostgreSQL:
 *   - look-ups: sAMAccountName, `user@realm` (an explicit userPrincipalName first, then the implicit
 *     one) and `NETBIOS\user` logins, objectGUID as the stable id (in the form Windows and
 *     samba-tool show it, and found again by its bytes), memberOf plus nested groups through
 *     LDAP_MATCHING_RULE_IN_CHAIN, userAccountControl, the global catalog, "Test a user";
 *   - sign-in through the real sign-in code: the account created with its groups and admin rights,
 *     the same account whichever login form (wrong passwords in any form count against it), a
 *     wrong password refused, a disabled account refused as disabled (AD refuses its bind with
 *     sub-code 533: told apart from a wrong password);
 *   - a rename of the user (sAMAccountName and CN) keeps the same Gatehouse account;
 *   - an account disabled in AD (`samba-tool user disable`), deleted, or taken out of the allowed
 *     group is disabled by the sync; re-proving the password binds as the entry found by objectGUID;
 *   - ldaps:// with the DC's CA as GATEHOUSE_LDAP_CA, refused without it;
 *   - generated logins full of filter metacharacters never find or sign in anyone.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adSettings,
  adVars,
  AD_USERS,
  addAdUser,
  ERIN_UPN,
  NETBIOS,
  PASSWORD,
  REALM,
  startTestDomain,
  type TSambaAd,
  userDn,
} from '../../test/support/ldap/samba-ad';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { type TestEnv, useTestEnv } from '../../test/support/test-env';
import { isAdmin } from '../auth/account-gate';
import { accountPasswordCheck } from '../auth/password/account-password';
import { AD_REFUSAL_MESSAGES } from '../auth/password/directory-password-backend';
import { signInWithPassword, WRONG_CREDENTIALS } from '../auth/password/sign-in-with-password';
import { bindAsDirectoryUser, closeDirectoryPools } from './directory-pool';
import { DIRECTORY_UNREACHABLE } from './directory-error';
import { findDirectoryUser } from './find-directory-user';
import { lookUpDirectoryUser } from './look-up-directory-user';
import { listDirectoryUids, readDirectoryEntry } from './read-directory-entry';
import { runDirectorySync } from './sync/run-directory-sync';
import { readLastSync } from './sync/sync-report';
import { testDirectoryConnection } from './test-directory-connection';

let dc: TSambaAd;
let ipCounter = 0;
const newIp = () => `198.51.100.${(++ipCounter % 250) + 1}`;

beforeAll(async () => {
  dc = await startTestDomain();
  console.info(`[samba-ad] provision ${dc.timings.provisionMs} ms, users and groups ${dc.timings.setupMs} ms, start ${dc.timings.startMs} ms`);
}, 240_000);
afterAll(async () => {
  closeDirectoryPools();
  await dc?.stop();
});

/** The objectGUID as samba-tool shows it (Windows' string form), read independently of Gatehouse. */
function guidOf(username: string): string {
  const guid = dc.tool('user', 'show', username, '--attributes=objectGUID').match(/^objectGUID: (\S+)$/m)?.[1];
  if (!guid) throw new Error(`no objectGUID for ${username}`);
  return guid.toLowerCase();
}

describe('Active Directory look-ups', () => {
  it('test connection binds the service account and counts users and groups', async () => {
    const report = await testDirectoryConnection(adSettings(dc));
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.step)).toEqual(['connect', 'service-bind', 'users', 'groups']);
    // Administrator, Guest, krbtgt, the service account and the four seeded users at least.
    expect(report.users).toBeGreaterThanOrEqual(8);
    expect(report.groups).toBeGreaterThanOrEqual(4);
  });

  it('maps the entry: attributes, objectGUID as Windows shows it, memberOf plus the nested group (in-chain), not disabled', async () => {
    const found = await findDirectoryUser(adSettings(dc), 'alice');
    expect(found.status).toBe('found');
    if (found.status !== 'found') return;
    expect(found.user).toEqual({
      dn: userDn(dc, AD_USERS.alice),
      uid: guidOf('alice'),
      username: 'alice',
      email: 'alice@example.test',
      displayName: 'Alice Liddell',
      givenName: 'Alice',
      familyName: 'Liddell',
      groups: ['gh-admins', 'ops', 'staff'],
      disabled: false,
      disabledBy: null,
    });
    // Found again by its objectGUID's bytes (the sync), and listed.
    expect(await readDirectoryEntry(adSettings(dc), { uid: found.user.uid })).toEqual(found.user);
    expect(await listDirectoryUids(adSettings(dc))).toContain(found.user.uid);
  });

  it('nested groups: only the direct ones with nesting off, the same as in-chain with walk', async () => {
    const off = await findDirectoryUser(adSettings(dc, { GATEHOUSE_LDAP_NESTED_GROUPS: 'off' }), 'alice');
    expect(off.status === 'found' && off.user.groups).toEqual(['ops', 'staff']);
    const walk = await findDirectoryUser(adSettings(dc, { GATEHOUSE_LDAP_NESTED_GROUPS: 'walk' }), 'alice');
    expect(walk.status === 'found' && walk.user.groups).toEqual(['gh-admins', 'ops', 'staff']);
    const bySearch = await findDirectoryUser(adSettings(dc, { GATEHOUSE_LDAP_GROUPS_FROM: 'search' }), 'alice');
    expect(bySearch.status === 'found' && bySearch.user.groups).toEqual(['gh-admins', 'ops', 'staff']);
  });

  it('reads userAccountControl: a disabled account is disabled', async () => {
    const carol = await findDirectoryUser(adSettings(dc), 'carol');
    expect(carol.status === 'found' && carol.user).toMatchObject({ username: 'carol', disabled: true, disabledBy: 'userAccountControl' });
  });

  it('finds the user by sAMAccountName in any case, user@realm, NETBIOS\\user and email; not another domain', async () => {
    const s = adSettings(dc);
    const realm = REALM.toLowerCase();
    for (const login of ['bob', 'BOB', `bob@${realm}`, `bob@${REALM}`, `${NETBIOS}\\bob`, `${NETBIOS.toLowerCase()}\\Bob`, 'bob@example.test']) {
      const found = await findDirectoryUser(s, login);
      expect(found.status === 'found' && found.user.dn, login).toBe(userDn(dc, AD_USERS.bob));
    }
    // The realm's first label is not the NetBIOS name; another UPN suffix is taken as an email.
    for (const login of ['GATEHOUSE\\bob', 'bob@other.test', `${NETBIOS}\\`]) expect((await findDirectoryUser(s, login)).status, login).toBe('none');
  });

  it('user@realm is the explicit userPrincipalName first, then the sAMAccountName (the implicit UPN), as AD resolves it', async () => {
    const s = adSettings(dc);
    for (const login of [ERIN_UPN, ERIN_UPN.toUpperCase(), `erin@${REALM.toLowerCase()}`]) {
      const found = await findDirectoryUser(s, login);
      expect(found.status === 'found' && found.user.username, login).toBe('erin');
    }
    // The UPN's first part is not a sAMAccountName, and no other directory is asked for a userPrincipalName.
    expect((await findDirectoryUser(s, ERIN_UPN.split('@')[0]!)).status).toBe('none');
    expect((await findDirectoryUser(adSettings(dc, { GATEHOUSE_LDAP_USERNAME_ATTRIBUTE: 'cn' }), ERIN_UPN)).status).toBe('none');
  });

  it('the global catalog preset (port 3268) finds and maps the same user', async () => {
    const gc = adSettings(dc, { GATEHOUSE_LDAP_PRESET: 'active-directory-gc', GATEHOUSE_LDAP_URLS: `ldap://${dc.address}:3268` });
    const viaGc = await findDirectoryUser(gc, `${NETBIOS}\\alice`);
    const direct = await findDirectoryUser(adSettings(dc), 'alice');
    expect(viaGc.status).toBe('found');
    expect(viaGc).toEqual(direct);
  });

  it('ldaps:// with the DC certificate trusted through GATEHOUSE_LDAP_CA; refused without it', async () => {
    const trusted = await testDirectoryConnection(adSettings(dc, { GATEHOUSE_LDAP_URLS: dc.ldapsUrl, GATEHOUSE_LDAP_CA: dc.caPem }));
    expect(trusted.ok).toBe(true);
    expect(trusted.tls).toMatchObject({ peerSubject: dc.address, peerIssuer: 'Gatehouse test CA ca' });
    const found = await findDirectoryUser(adSettings(dc, { GATEHOUSE_LDAP_URLS: dc.ldapsUrl, GATEHOUSE_LDAP_CA: dc.caPem }), 'alice');
    expect(found.status).toBe('found');
    const untrusted = await testDirectoryConnection(adSettings(dc, { GATEHOUSE_LDAP_URLS: dc.ldapsUrl }));
    expect(untrusted.ok).toBe(false);
    expect(untrusted.steps[0]?.message).toMatch(/not signed by a trusted CA|not trusted/);
  });

  it('StartTLS on port 389 and the global catalog over LDAPS (3269), the DC certificate trusted through GATEHOUSE_LDAP_CA; refused without it', async () => {
    const startTls = adSettings(dc, { GATEHOUSE_LDAP_START_TLS: 'true', GATEHOUSE_LDAP_CA: dc.caPem });
    const report = await testDirectoryConnection(startTls);
    expect(report.ok).toBe(true);
    expect(report.steps[0]?.message).toMatch(/\(StartTLS, TLSv1\.[23]\)/);
    expect(report.tls).toMatchObject({ peerSubject: dc.address, peerIssuer: 'Gatehouse test CA ca' });
    const direct = await findDirectoryUser(adSettings(dc), 'alice');
    expect(await findDirectoryUser(startTls, 'alice')).toEqual(direct);
    // The user's own bind goes over the encrypted connection too.
    expect(await bindAsDirectoryUser(startTls, userDn(dc, AD_USERS.alice), PASSWORD)).toBe('accepted');
    expect(await bindAsDirectoryUser(startTls, userDn(dc, AD_USERS.alice), 'Wrong-pass-1')).toBe('refused');
    const untrusted = await testDirectoryConnection(adSettings(dc, { GATEHOUSE_LDAP_START_TLS: 'true' }));
    expect(untrusted.ok).toBe(false);
    expect(untrusted.steps[0]?.message).toMatch(/not signed by a trusted CA|not trusted/);

    const gcs = adSettings(dc, {
      GATEHOUSE_LDAP_PRESET: 'active-directory-gc',
      GATEHOUSE_LDAP_URLS: `ldaps://${dc.address}:3269`,
      GATEHOUSE_LDAP_CA: dc.caPem,
    });
    const viaGcs = await testDirectoryConnection(gcs);
    expect(viaGcs.ok).toBe(true);
    expect(viaGcs.steps[0]?.message).toMatch(/\(ldaps, TLSv1\.[23]\)/);
    expect(await findDirectoryUser(gcs, `${NETBIOS}\\alice`)).toEqual(direct);
    expect(
      (await testDirectoryConnection(adSettings(dc, { GATEHOUSE_LDAP_PRESET: 'active-directory-gc', GATEHOUSE_LDAP_URLS: `ldaps://${dc.address}:3269` }))).ok,
    ).toBe(false);
  });

  it('matches filter metacharacters literally: no generated login finds anyone but the exact user', async () => {
    const s = adSettings(dc);
    const meta = fc.constantFrom(
      '*',
      '(',
      ')',
      '\\',
      '\u0000',
      '*)(uid=*))(|(uid=*',
      '*)(sAMAccountName=*',
      '*)(|(objectClass=*',
      'al*',
      '*ice',
      '@',
      `${NETBIOS}\\`,
    );
    const login = fc.array(fc.oneof(meta, fc.constantFrom('alice', 'bob', 'a', ' ')), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(login, async (typed) => {
        const found = await findDirectoryUser(s, typed);
        expect(found.status).not.toBe('ambiguous');
        if (found.status !== 'found') return;
        const value = typed.trim().toLowerCase();
        const named = value.startsWith(`${NETBIOS.toLowerCase()}\\`) ? value.slice(NETBIOS.length + 1).trim() : value;
        expect(['alice', 'bob']).toContain(named);
        expect(found.user.username).toBe(named);
      }),
      { numRuns: 120 },
    );
  });
});

describe.each(DIALECTS)('Active Directory sign-in and sync on %s', (dialect) => {
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

  const signIn = (login: string, password: string, vars: Record<string, string> = {}) =>
    signInWithPassword(t.db, { login, password, meta: { ip: newIp(), userAgent: 'vitest' }, sessionMaxAgeMs: 3_600_000, directory: adSettings(dc, vars) });
  const groupsOf = async (userId: string) =>
    (await t.db.userGroup.findMany({ where: { userId }, select: { source: true, group: { select: { name: true } } } }))
      .map((g) => `${g.group.name}:${g.source}`)
      .sort();
  const sync = async () => {
    testEnv?.restore();
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091', ...adVars(dc, { GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff' }) });
    const outcome = await runDirectorySync(t.db, { trigger: 'schedule', env: testEnv.env });
    expect(outcome.status).toBe('done');
    return readLastSync(t.db);
  };

  it('creates the account at the first sign-in with its groups (nested ones included) and admin rights; every login form is the same account', async () => {
    const first = await signIn('alice', PASSWORD);
    expect(first.ok).toBe(true);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'alice' }, omit: { passwordHash: false } });
    expect(user).toMatchObject({
      authSource: 'directory',
      directoryDn: userDn(dc, AD_USERS.alice),
      directoryUid: guidOf('alice'),
      status: 'active',
      passwordHash: null,
      email: 'alice@example.test',
    });
    const groups = await groupsOf(user.id);
    expect(groups).toEqual(['admins:directory', 'gh-admins:directory', 'ops:directory', 'staff:directory']);
    expect(isAdmin(groups.map((g) => g.split(':')[0]!))).toBe(true);
    for (const login of [`alice@${REALM.toLowerCase()}`, `${NETBIOS}\\alice`, 'ALICE']) {
      const again = await signIn(login, PASSWORD);
      expect(again.ok && again.userId, login).toBe(user.id);
    }
    expect(await t.db.user.count({ where: { authSource: 'directory' } })).toBe(1);
    // A userPrincipalName that is not <sAMAccountName>@<realm>: the same account as the sAMAccountName.
    const byUpn = await signIn(ERIN_UPN, PASSWORD);
    expect(byUpn.ok).toBe(true);
    const erin = await signIn('erin', PASSWORD);
    expect(erin.ok && byUpn.ok && erin.userId).toBe(byUpn.ok && byUpn.userId);
    // bob is in no admin group, directly or nested.
    const bob = await signIn('bob', PASSWORD);
    expect(bob.ok).toBe(true);
    const bobId = bob.ok ? bob.userId : '';
    expect(await groupsOf(bobId)).toEqual(['paperless:directory', 'staff:directory']);
  });

  it('"Test a user" shows what a sign-in would do: alice an admin through the nested group, carol refused as disabled, erin by her UPN', async () => {
    const s = adSettings(dc, { GATEHOUSE_LDAP_ALLOWED_GROUPS: 'staff' });
    const alice = await lookUpDirectoryUser(t.db, s, `${NETBIOS}\\alice`);
    expect(alice.status === 'found' && alice.groups).toEqual({ gatehouseGroups: ['admins', 'gh-admins', 'ops', 'staff'], allowed: true, admin: true });
    const carol = await lookUpDirectoryUser(t.db, s, 'carol');
    expect(carol.status === 'found' && carol.decision).toMatchObject({ outcome: 'refuse', reason: 'disabled' });
    const dave = await lookUpDirectoryUser(t.db, s, 'dave');
    expect(dave.status === 'found' && dave.decision).toMatchObject({ outcome: 'refuse', reason: 'not-allowed' });
    const erin = await lookUpDirectoryUser(t.db, s, ERIN_UPN);
    expect(erin.status === 'found' && erin.user.username).toBe('erin');
  });

  it('refuses a wrong password in every login form, and a disabled account with its right password; no account is made', async () => {
    for (const login of ['dave', `dave@${REALM.toLowerCase()}`, `${NETBIOS}\\dave`]) {
      expect(await signIn(login, 'Wrong-pass-1'), login).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    }
    // AD refuses the bind of a disabled account: sub-code 533 with its right password, 52e with a wrong one.
    expect(await signIn('carol', 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn('carol', PASSWORD)).toEqual({ ok: false, message: expect.stringMatching(/directory account is disabled/) });
    expect(await t.db.user.count({ where: { username: { in: ['dave', 'carol'] } } })).toBe(0);
    const refused = await t.db.auditEvent.findMany({ where: { type: 'auth.sign_in', data: { contains: 'carol' } }, select: { data: true } });
    expect(refused.map((e) => JSON.parse(e.data ?? '{}').reason).sort()).toEqual(['directory_disabled', 'wrong_password']);
  });

  it('a password that must be changed, and an expired account, are told apart from a wrong password and not counted', async () => {
    const must = addAdUser(dc, { prefix: `chg-${dialect.slice(0, 2)}`, groups: ['staff'] });
    dc.tool('user', 'setpassword', must.username, `--newpassword=${PASSWORD}`, '--must-change-at-next-login');
    const expired = addAdUser(dc, { prefix: `exp-${dialect.slice(0, 2)}`, groups: ['staff'] });
    dc.tool('user', 'setexpiry', expired.username, '--days=0');
    // AD (and Samba) answer "data 773" / "data 701" only with the right password; a wrong one is "data 52e".
    expect(await signIn(must.username, 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(expired.username, 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(expired.username, PASSWORD)).toEqual({ ok: false, message: expect.stringMatching(/directory account is disabled/) });
    // More right-password tries than the lock allows: never counted, never locked by Gatehouse.
    for (let i = 0; i < 6; i++) expect(await signIn(must.username, PASSWORD)).toEqual({ ok: false, message: AD_REFUSAL_MESSAGES.password_must_change });
    const reasons = async (login: string) =>
      (await t.db.auditEvent.findMany({ where: { type: 'auth.sign_in', data: { contains: login } }, select: { data: true } })).map(
        (e) => JSON.parse(e.data ?? '{}').reason,
      );
    expect(new Set(await reasons(must.username))).toEqual(new Set(['wrong_password', 'directory_password_must_change']));
    expect(new Set(await reasons(expired.username))).toEqual(new Set(['wrong_password', 'directory_disabled']));
  });

  it('wrong passwords through NETBIOS\\user or user@realm count against the account like its plain username: it is locked', async () => {
    const person = addAdUser(dc, { prefix: `lock-${dialect.slice(0, 2)}`, groups: ['staff'] });
    expect((await signIn(person.username, PASSWORD)).ok).toBe(true);
    const aliases = [`${NETBIOS}\\${person.username}`, `${person.username}@${REALM.toLowerCase()}`];
    for (let i = 0; i < 5; i++) expect((await signIn(aliases[i % 2]!, 'Wrong-pass-1')).ok).toBe(false);
    const locked = await signIn(person.username, PASSWORD);
    expect(locked.ok).toBe(false);
    expect(locked.ok ? '' : locked.message).not.toBe(WRONG_CREDENTIALS);
  });

  it('before the first sign-in, every spelling of a sAMAccountName is one login name to count: five wrong tries across them ban it under each', async () => {
    const person = addAdUser(dc, { prefix: `pre-${dialect.slice(0, 2)}`, groups: ['staff'] });
    const spellings = [
      person.username,
      `${NETBIOS}\\${person.username}`,
      `${person.username.toUpperCase()}@${REALM.toLowerCase()}`,
      ` ${NETBIOS.toLowerCase()}\\ ${person.username} `,
    ];
    for (let i = 0; i < 4; i++)
      expect(await signIn(spellings[i % spellings.length]!, 'Wrong-pass-1'), spellings[i % spellings.length]).toEqual({
        ok: false,
        message: WRONG_CREDENTIALS,
      });
    expect(await signIn(spellings[0]!, 'Wrong-pass-1')).toEqual({ ok: false, message: expect.stringMatching(/^Too many failed sign-ins/) });
    for (const login of spellings)
      expect(await signIn(login, PASSWORD), login).toEqual({ ok: false, message: expect.stringMatching(/^Too many failed sign-ins/) });
    expect(await t.db.user.count({ where: { username: person.username } })).toBe(0);
    expect(await t.db.credentialLock.count({ where: { subject: `login:${person.username}` } })).toBe(1);
  });

  it('wrong passwords through an explicit userPrincipalName (not <sAMAccountName>@realm) count against its account: locked under every spelling', async () => {
    const person = addAdUser(dc, { prefix: `upn-${dialect.slice(0, 2)}`, groups: ['staff'] });
    const upn = `${person.username}.x@${REALM.toLowerCase()}`;
    dc.tool('user', 'rename', person.username, `--upn=${upn}`);
    const first = await signIn(person.username, PASSWORD);
    expect(first.ok).toBe(true);
    const userId = first.ok ? first.userId : '';
    // No Gatehouse account is named by the UPN: the account its entry belongs to is counted (one address each).
    for (let i = 1; i <= 4; i++) expect(await signIn(upn, 'Wrong-pass-1')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(upn, 'Wrong-pass-1')).toEqual({ ok: false, message: expect.stringMatching(/^Too many failed sign-ins/) });
    for (const login of [person.username, upn, `${NETBIOS}\\${person.username}`]) {
      expect(await signIn(login, PASSWORD), login).toEqual({ ok: false, message: expect.stringMatching(/^Too many failed sign-ins/) });
    }
    expect(await t.db.auditEvent.count({ where: { type: 'regulation.banned', targetId: userId } })).toBe(1);
    expect(await t.db.session.count({ where: { userId } })).toBe(1);
  });

  it('a rename in AD (sAMAccountName and CN) keeps the same account: found by objectGUID, username and DN follow', async () => {
    const person = addAdUser(dc, { prefix: `ren-${dialect.slice(0, 2)}`, groups: ['staff'] });
    const first = await signIn(person.username, PASSWORD);
    expect(first.ok).toBe(true);
    const id = first.ok ? first.userId : '';
    const renamed = `${person.username}-new`;
    dc.tool('user', 'rename', person.username, `--samaccountname=${renamed}`, `--force-new-cn=${renamed}`);
    expect(await signIn(person.username, PASSWORD)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    const again = await signIn(renamed, PASSWORD);
    expect(again.ok && again.userId).toBe(id);
    expect(await t.db.user.findUniqueOrThrow({ where: { id }, select: { username: true, directoryDn: true } })).toEqual({
      username: renamed,
      directoryDn: `CN=${renamed},${dc.usersDn}`,
    });
    const report = await sync();
    expect(report?.changes.find((c) => c.userId === id)?.change).not.toBe('disabled');
    expect((await t.db.user.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe('active');
  });

  it('an account disabled in AD cannot sign in; the sync disables it, and one deleted or taken out of the allowed group; the others stay', async () => {
    const prefix = dialect.slice(0, 2);
    const people = ['dis', 'del', 'out', 'stay'].map((p) => addAdUser(dc, { prefix: `${p}-${prefix}`, groups: ['staff'] }));
    const ids: string[] = [];
    for (const person of people) {
      const first = await signIn(person.username, PASSWORD);
      expect(first.ok).toBe(true);
      ids.push(first.ok ? first.userId : '');
    }
    const [disabled, deleted, outside] = people;
    dc.tool('user', 'disable', disabled!.username);
    dc.tool('user', 'delete', deleted!.username);
    dc.tool('group', 'removemembers', 'staff', outside!.username);
    expect(await signIn(disabled!.username, PASSWORD)).toEqual({ ok: false, message: expect.stringMatching(/directory account is disabled/) });
    const report = await sync();
    const changes = ids.map((id) => report?.changes.find((c) => c.userId === id));
    expect(changes.map((c) => [c?.change, c?.reason])).toEqual([
      ['disabled', 'disabled'],
      ['disabled', 'gone'],
      ['disabled', 'not-allowed'],
      [undefined, undefined],
    ]);
    const statuses = await Promise.all(ids.map(async (id) => (await t.db.user.findUniqueOrThrow({ where: { id }, select: { status: true } })).status));
    expect(statuses).toEqual(['disabled', 'disabled', 'disabled', 'active']);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'user.disabled', targetId: ids[0] }, select: { actorId: true } });
    expect(event.actorId).toBe('directory-sync');
  });

  it('re-proving the password (sudo mode) binds as the entry found by its objectGUID; not once AD disabled it', async () => {
    const person = addAdUser(dc, { prefix: `sudo-${dialect.slice(0, 2)}`, groups: ['staff'] });
    const first = await signIn(person.username, PASSWORD);
    const id = first.ok ? first.userId : '';
    const check = await accountPasswordCheck(t.db, id, adSettings(dc));
    expect(check).not.toBeNull();
    expect(await check!(PASSWORD)).toBe(true);
    expect(await check!('Wrong-pass-1')).toBe(false);
    dc.tool('user', 'disable', person.username);
    expect(await check!(PASSWORD)).toBe(false);
  });

  it('signs in over ldaps:// with the DC CA; without it the directory is "unreachable"', async () => {
    const ldaps = { GATEHOUSE_LDAP_URLS: dc.ldapsUrl };
    expect((await signIn('bob', PASSWORD, { ...ldaps, GATEHOUSE_LDAP_CA: dc.caPem })).ok).toBe(true);
    expect(await signIn('bob', PASSWORD, ldaps)).toEqual({ ok: false, message: DIRECTORY_UNREACHABLE });
  });

  it('generated logins full of filter metacharacters never sign anyone in', async () => {
    const before = await t.db.user.count();
    const meta = fc.constantFrom('*', '(', ')', '\\', '\u0000', '*)(uid=*))(|(uid=*', '*)(sAMAccountName=*', 'dave', '*)(|(objectClass=*', `${NETBIOS}\\`, '@');
    const login = fc.array(meta, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(login, async (typed) => {
        const value = typed.trim().toLowerCase();
        fc.pre(![`dave`, `${NETBIOS.toLowerCase()}\\dave`].includes(value));
        expect((await signIn(typed, PASSWORD)).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
    expect(await t.db.user.count()).toBe(before);
  });
});
