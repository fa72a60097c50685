/**
 * Regulation in front of the directory, on SQLite and PostgreSQL, against a real slapd: wrong
 * directory passwords count like local ones and ban the user (or the address), and a banned
 * attempt never reaches the directory — slapd's log shows no bind for it — so guessing through
 * Gatehouse cannot lock the user's directory account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegulationPolicy } from '../../config';
import { closeDirectoryPools } from '../../directory/directory-pool';
import { addPerson, ldapModify } from '../../../test/support/ldap/directory-changes';
import { testDirectorySettings } from '../../../test/support/ldap/directory-settings';
import { startTestDirectory, type TSeed, type TSlapd } from '../../../test/support/slapd';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { signInWithPassword, WRONG_CREDENTIALS } from './sign-in-with-password';

const POLICY: RegulationPolicy = { maxFailures: 3, windowMs: 60_000, banMs: 10 * 60_000 };
const BANNED = 'Too many failed sign-ins. Try again in 10 minutes.';
let slapd: TSlapd;
let seed: TSeed;
let ipCounter = 0;
const newIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  ({ slapd, seed } = await startTestDirectory());
});
afterAll(async () => {
  closeDirectoryPools();
  await slapd?.stop();
});

describe.each(DIALECTS)('regulation of directory sign-ins on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const signIn = (login: string, password: string, ip: string) =>
    signInWithPassword(t.db, {
      login,
      password,
      meta: { ip, userAgent: 'vitest' },
      sessionMaxAgeMs: 3_600_000,
      regulation: POLICY,
      directory: testDirectorySettings(slapd, seed),
    });

  it('bans a directory user after N wrong passwords; then even the right one never reaches the directory', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    expect((await signIn(person.uid, seed.PASSWORD, newIp())).ok).toBe(true);
    expect(await signIn(person.uid, 'wrong 1', newIp())).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(person.uid, 'wrong 2', newIp())).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(person.uid, 'wrong 3', newIp())).toEqual({ ok: false, message: BANNED });
    const binds = slapd.binds(person.dn);
    expect(binds).toBe(4);
    for (const login of [person.uid, person.mail]) {
      expect(await signIn(login, seed.PASSWORD, newIp())).toEqual({ ok: false, message: BANNED });
      expect(await signIn(login, 'another guess', newIp())).toEqual({ ok: false, message: BANNED });
    }
    expect(slapd.binds(person.dn)).toBe(binds);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: person.uid }, select: { id: true } });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: 'regulation.banned', targetId: user.id } })).toBe(1);
  });

  it('before the user has an account, bans the address and the login name guessed at; neither reaches the directory while banned', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    const ip = newIp();
    for (let i = 1; i <= 3; i++) expect(await signIn(person.uid, `wrong ${i}`, ip)).toEqual({ ok: false, message: i < 3 ? WRONG_CREDENTIALS : BANNED });
    expect(slapd.binds(person.dn)).toBe(3);
    expect(await signIn(person.uid, seed.PASSWORD, ip)).toEqual({ ok: false, message: BANNED });
    // The login name is banned too (as an account would be), from any address.
    expect(await signIn(person.uid, seed.PASSWORD, newIp())).toEqual({ ok: false, message: BANNED });
    expect(slapd.binds(person.dn)).toBe(3);
    expect(await t.db.user.count({ where: { username: person.uid } })).toBe(0);
    // Another spelling of the entry is another login name: from another address, the right password works.
    expect((await signIn(person.mail, seed.PASSWORD, newIp())).ok).toBe(true);
  });

  it('a name renamed in the directory since the last sign-in counts against the account it belongs to; guesses at once check no more than the lock allows', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    expect((await signIn(person.uid, seed.PASSWORD, newIp())).ok).toBe(true);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: person.uid }, select: { id: true } });
    // Renamed in the directory; Gatehouse still knows the account by its old name (until the next sign-in or sync).
    const renamed = `${person.uid}-new`;
    ldapModify(slapd, [`dn: ${person.dn}`, 'changetype: modrdn', `newrdn: uid=${renamed}`, 'deleteoldrdn: 1', ''].join('\n'));
    const dn = `uid=${renamed},${seed.PEOPLE}`;
    // Eight wrong guesses through the new name at once, each from its own address: the account they
    // mean is admitted and counted, so no more than POLICY.maxFailures of them reach the directory.
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(renamed, `wrong ${i}`, newIp())));
    expect(guesses.every((g) => !g.ok)).toBe(true);
    const binds = slapd.binds(dn);
    expect(binds).toBeGreaterThan(0);
    expect(binds).toBeLessThanOrEqual(POLICY.maxFailures);
    expect(await t.db.auditEvent.count({ where: { type: 'regulation.banned', targetId: user.id } })).toBe(1);
    // Banned: the right password through either name is refused, and the entry is not bound.
    for (const login of [renamed, person.uid]) expect(await signIn(login, seed.PASSWORD, newIp())).toEqual({ ok: false, message: BANNED });
    expect(slapd.binds(dn)).toBe(binds);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    // The refusals that reached the look-up name the account they meant (the others were refused by the login name's count).
    const failures = await t.db.auditEvent.findMany({
      where: { type: 'auth.sign_in', outcome: 'failure', data: { contains: renamed } },
      select: { targetId: true },
    });
    expect(failures.length).toBe(9);
    expect(failures.filter((f) => f.targetId === user.id).length).toBeGreaterThanOrEqual(binds);
    expect(failures.every((f) => f.targetId === null || f.targetId === user.id)).toBe(true);
  });

  it('does not count "directory unreachable" as a failure', async () => {
    const person = addPerson(slapd, seed, { groups: ['staff'] });
    expect((await signIn(person.uid, seed.PASSWORD, newIp())).ok).toBe(true);
    const down = testDirectorySettings(slapd, seed, { GATEHOUSE_LDAP_URLS: 'ldap://127.0.0.1:1' });
    for (let i = 0; i < 5; i++) {
      const result = await signInWithPassword(t.db, {
        login: person.uid,
        password: 'x',
        meta: { ip: newIp(), userAgent: 'vitest' },
        sessionMaxAgeMs: 3_600_000,
        regulation: POLICY,
        directory: down,
      });
      expect(result.ok).toBe(false);
    }
    expect((await signIn(person.uid, seed.PASSWORD, newIp())).ok).toBe(true);
  });
});
