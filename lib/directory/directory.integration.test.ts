/**
 * The directory connection and look-ups against a real OpenLDAP slapd (test/support/slapd.ts):
 * servers in order, ldaps:// and StartTLS with the throwaway CA, a certificate that does not match,
 * a directory that hangs, the service account refused, the user look-up with nested groups, two
 * entries for one login, referrals not followed, and generated logins full of filter
 * metacharacters that never widen the search.
 */
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDirectorySettings } from '../../test/support/ldap/directory-settings';
import { startSilentServer, type TFakeServer } from '../../test/support/ldap/fake-servers';
import { startTestDirectory, type TSeed, type TSlapd } from '../../test/support/slapd';
import { closeDirectoryPools } from './directory-pool';
import { DirectoryError } from './directory-error';
import { findDirectoryUser } from './find-directory-user';
import { listDirectoryUids, readDirectoryEntry } from './read-directory-entry';
import { testDirectoryConnection } from './test-directory-connection';
import { openConnection } from './open-connection';

let slapd: TSlapd;
let seed: TSeed;
let silent: TFakeServer;
let referralTarget: TFakeServer;

beforeAll(async () => {
  silent = await startSilentServer();
  referralTarget = await startSilentServer();
  ({ slapd, seed } = await startTestDirectory({ referralUrl: `${referralTarget.url}/ou=people,dc=elsewhere,dc=test` }));
});

afterAll(async () => {
  closeDirectoryPools();
  await slapd?.stop();
  await silent?.stop();
  await referralTarget?.stop();
});

const settings = (vars: Record<string, string> = {}) => testDirectorySettings(slapd, seed, vars);

describe('test connection', () => {
  it('reports the server, the service bind and the counts over ldap://', async () => {
    const report = await testDirectoryConnection(settings());
    expect(report.ok).toBe(true);
    expect(report.url).toBe(slapd.ldapUrl);
    expect(report.tls).toBeNull();
    expect(report.steps.map((s) => s.step)).toEqual(['connect', 'service-bind', 'users', 'groups']);
    expect(report.users).toBe(Object.keys(seed.USERS).length);
    expect(report.groups).toBe(4);
  });

  it('verifies ldaps:// and StartTLS against GATEHOUSE_LDAP_CA and shows the certificate', async () => {
    for (const vars of [{ GATEHOUSE_LDAP_URLS: slapd.ldapsUrl }, { GATEHOUSE_LDAP_START_TLS: 'true' }] as Record<string, string>[]) {
      const report = await testDirectoryConnection(settings({ ...vars, GATEHOUSE_LDAP_CA: slapd.caPem }));
      expect(report.ok).toBe(true);
      expect(report.tls).toMatchObject({ peerSubject: '127.0.0.1', peerIssuer: 'Gatehouse test CA ca' });
      expect(report.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    }
  });

  it('refuses a certificate it cannot trust, or one that names another address, with an admin-facing reason', async () => {
    const untrusted = await testDirectoryConnection(settings({ GATEHOUSE_LDAP_URLS: slapd.ldapsUrl }));
    expect(untrusted.ok).toBe(false);
    expect(untrusted.steps[0]?.message).toMatch(/not signed by a trusted CA|not trusted/);
    const mismatch = await testDirectoryConnection(settings({ GATEHOUSE_LDAP_URLS: slapd.mismatchUrl, GATEHOUSE_LDAP_CA: slapd.caPem }));
    expect(mismatch.ok).toBe(false);
    expect(mismatch.steps[0]?.message).toMatch(/does not name this server's address \(hostname mismatch\).*ERR_TLS_CERT_ALTNAME_INVALID/);
    const startTls = await testDirectoryConnection(settings({ GATEHOUSE_LDAP_START_TLS: 'true' }));
    expect(startTls.steps[0]?.message).toMatch(/TLS refused/);
    // Verification off (the admin page warns): the mismatch is accepted.
    expect((await testDirectoryConnection(settings({ GATEHOUSE_LDAP_URLS: slapd.mismatchUrl, GATEHOUSE_LDAP_TLS_VERIFY: 'false' }))).ok).toBe(true);
  });

  it('tries the servers in order: a closed port and a silent server are skipped for the next one', async () => {
    const report = await testDirectoryConnection(
      settings({ GATEHOUSE_LDAP_URLS: `ldap://127.0.0.1:1, ${silent.url}, ${slapd.ldapUrl}`, GATEHOUSE_LDAP_TIMEOUT: '1s' }),
    );
    expect(report.ok).toBe(true);
    expect(report.url).toBe(slapd.ldapUrl);
  });

  it('names the service account when it is refused', async () => {
    const report = await testDirectoryConnection(settings({ GATEHOUSE_LDAP_BIND_PASSWORD: 'wrong' }));
    expect(report.ok).toBe(false);
    expect(report.steps.at(-1)).toMatchObject({ step: 'service-bind', ok: false });
    expect(report.steps.at(-1)?.message).toMatch(/service account was refused/);
  });
});

describe('a connection is used once', () => {
  it('fails after its socket closed instead of reconnecting by itself (with StartTLS that would be in clear)', async () => {
    const connection = await openConnection(settings({ GATEHOUSE_LDAP_START_TLS: 'true', GATEHOUSE_LDAP_CA: slapd.caPem }));
    const accepted = () => (slapd.log().match(/ ACCEPT from /g) ?? []).length;
    const before = accepted();
    (connection.client as unknown as { socket: Socket }).socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(connection.client.search(seed.PEOPLE, { filter: '(uid=alice)' })).rejects.toThrow();
    expect(accepted()).toBe(before);
  });
});

describe('user look-up', () => {
  it('maps the entry: attributes, stable id, groups (nested ones with walk), not disabled', async () => {
    const found = await findDirectoryUser(settings({ GATEHOUSE_LDAP_NESTED_GROUPS: 'walk' }), 'Alice');
    expect(found.status).toBe('found');
    if (found.status !== 'found') return;
    expect(found.user).toMatchObject({
      dn: seed.USERS.alice.dn,
      username: 'alice',
      email: 'alice@example.test',
      displayName: 'Alice Liddell',
      givenName: 'Alice',
      familyName: 'Liddell',
      groups: ['gh-admins', 'ops', 'staff'],
      disabled: false,
    });
    expect(found.user.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readDirectoryEntry(settings({ GATEHOUSE_LDAP_NESTED_GROUPS: 'walk' }), { uid: found.user.uid })).toEqual(found.user);
    expect((await listDirectoryUids(settings())).sort()).toContain(found.user.uid);
  });

  it('reads groups from memberOf (the overlay) as well, and sees a ppolicy lock', async () => {
    const s = settings({ GATEHOUSE_LDAP_GROUPS_FROM: 'member-of' });
    const alice = await findDirectoryUser(s, 'alice');
    expect(alice.status === 'found' && alice.user.groups).toEqual(['ops', 'staff']);
    const carol = await findDirectoryUser(s, 'carol');
    expect(carol.status === 'found' && carol.user).toMatchObject({ disabled: true, disabledBy: 'pwdAccountLockedTime' });
  });

  it('finds by email, and by user@domain / DOMAIN\\user when configured', async () => {
    const s = settings({ GATEHOUSE_LDAP_UPN_DOMAIN: 'corp.example', GATEHOUSE_LDAP_NETBIOS_DOMAIN: 'CORP' });
    for (const login of ['bob@example.test', 'bob@corp.example', 'CORP\\bob', 'bob']) {
      const found = await findDirectoryUser(s, login);
      expect(found.status === 'found' && found.user.dn).toBe(seed.USERS.bob.dn);
    }
    expect((await findDirectoryUser(s, 'OTHER\\bob')).status).toBe('none');
  });

  it('refuses a login that matches two entries', async () => {
    const found = await findDirectoryUser(settings(), 'twin');
    expect(found).toEqual({ status: 'ambiguous', dns: expect.arrayContaining([seed.USERS.twinA.dn, seed.USERS.twinB.dn]) });
  });

  it('does not follow a referral to another server', async () => {
    const found = await findDirectoryUser(settings(), 'someone-elsewhere');
    expect(found).toEqual({ status: 'none', referrals: 1 });
    expect(referralTarget.connections()).toBe(0);
  });

  it('matches filter metacharacters literally: no generated login widens the search or finds another user', async () => {
    const s = settings();
    const star = await findDirectoryUser(s, seed.USERS.star.uid);
    expect(star.status === 'found' && star.user.dn).toBe(seed.USERS.star.dn);
    const meta = fc.constantFrom('*', '(', ')', '\\', '\u0000', '*)(uid=*))(|(uid=*', '*)(|(objectClass=*', 'al*', '*ice');
    const login = fc.array(fc.oneof(meta, fc.constantFrom('alice', 'bob', 'st', 'r', 'x', ' ')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(login, async (typed) => {
        const found = await findDirectoryUser(s, typed);
        const exact = Object.values(seed.USERS).filter((u) => u.uid === typed.trim().toLowerCase() && u.uid !== 'twin');
        if (found.status === 'found') expect(found.user.username).toBe(typed.trim().toLowerCase());
        else expect(exact).toEqual([]);
        expect(found.status).not.toBe('ambiguous');
      }),
      { numRuns: 150 },
    );
  });

  it('answers "unreachable" quickly when the directory hangs, and a timeout does not hold the pool', async () => {
    const s = settings({ GATEHOUSE_LDAP_URLS: silent.url, GATEHOUSE_LDAP_TIMEOUT: '500ms' });
    const error = await findDirectoryUser(s, 'alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).failure).toBe('timeout');
    expect((await findDirectoryUser(settings(), 'alice')).status).toBe('found');
  });
});
