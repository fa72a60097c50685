/**
 * A real Samba Active Directory domain controller for integration tests (scripts/lib/samba-ad.mjs,
 * plain JavaScript, imported through a computed URL as test/support/slapd.ts does), typed here, with
 * the test domain's content and the changes an AD admin makes while a test runs (samba-tool on the
 * DC). The domain GATEHOUSE.TEST, NetBIOS name GHTEST (not the realm's first label, so a test
 * shows which one `DOMAIN\user` uses):
 *   staff      ← alice, bob, carol
 *   ops        ← alice        (and ops is a member of gh-admins: alice is an admin through it)
 *   gh-admins  ← ops
 *   paperless  ← bob
 *   staff      ← erin         (whose userPrincipalName is erin.bench@gatehouse.test, not erin@…)
 * carol is disabled (userAccountControl ACCOUNTDISABLE); dave is in no group; gatehouse-svc is the
 * service account. Users and groups sit in CN=Users, as samba-tool puts them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DirectoryConfig } from '../../../lib/config';
import { directoryFrom } from './directory-settings';

export type TSambaAd = {
  pid: number;
  realm: string;
  /** The NetBIOS domain name. */
  domain: string;
  /** The loopback address the DC alone listens on (127.x.y.z). */
  address: string;
  /** DC=gatehouse,DC=test */
  baseDn: string;
  /** CN=Users,<base> */
  usersDn: string;
  adminDn: string;
  adminPassword: string;
  /** ldap://<address>:389 */
  ldapUrl: string;
  /** ldaps://<address>:636, with a certificate for that address signed by `caPem`. */
  ldapsUrl: string;
  caPem: string;
  timings: { provisionMs: number; setupMs: number; startMs: number };
  /** samba-tool against the running DC's database (throws with its output when it fails). */
  tool(...args: string[]): string;
  log(): string;
  stop(): Promise<void>;
};

export const REALM = 'GATEHOUSE.TEST';
export const NETBIOS = 'GHTEST';
export const PASSWORD = 'Directory-pass-1';
export const SERVICE = { username: 'gatehouse-svc', password: 'Service-pass-1' };

export const AD_USERS = {
  alice: { username: 'alice', givenName: 'Alice', sn: 'Liddell', mail: 'alice@example.test', groups: ['staff', 'ops'] },
  bob: { username: 'bob', givenName: 'Bob', sn: 'Builder', mail: 'bob@example.test', groups: ['staff', 'paperless'] },
  carol: { username: 'carol', givenName: 'Carol', sn: 'Disabled', mail: 'carol@example.test', groups: ['staff'] },
  dave: { username: 'dave', givenName: 'Dave', sn: 'Outsider', mail: 'dave@example.test', groups: [] as string[] },
  erin: { username: 'erin', givenName: 'Erin', sn: 'Bench', mail: 'erin@example.test', groups: ['staff'] },
};

/** erin's explicit userPrincipalName (samba-tool gives every user <sAMAccountName>@<realm> otherwise). */
export const ERIN_UPN = `erin.bench@${REALM.toLowerCase()}`;

const userArgs = (u: { username: string; givenName: string; sn: string; mail: string }) => [
  'user',
  'create',
  u.username,
  PASSWORD,
  `--given-name=${u.givenName}`,
  `--surname=${u.sn}`,
  `--mail-address=${u.mail}`,
];

/** The samba-tool commands that make the test domain (run before the DC starts). */
function setup(): string[][] {
  const users = Object.values(AD_USERS);
  return [
    ['user', 'create', SERVICE.username, SERVICE.password, '--use-username-as-cn'],
    ...users.map(userArgs),
    ...['staff', 'ops', 'gh-admins', 'paperless'].map((g) => ['group', 'add', g]),
    ['group', 'addmembers', 'gh-admins', 'ops'],
    ...['staff', 'ops', 'paperless'].map((g) => {
      const members = users.filter((u) => u.groups.includes(g)).map((u) => u.username);
      return ['group', 'addmembers', g, members.join(',')];
    }),
    ['user', 'disable', AD_USERS.carol.username],
    ['user', 'rename', AD_USERS.erin.username, `--upn=${ERIN_UPN}`],
  ];
}

type StartSambaAd = (o: { realm: string; domain: string; setup: string[][] }) => Promise<TSambaAd>;

/** Provisions and starts the test domain's DC (about 10 s on a small machine). */
export async function startTestDomain(): Promise<TSambaAd> {
  const url = pathToFileURL(join(process.cwd(), 'scripts/lib/samba-ad.mjs')).href;
  const { startSambaAd } = (await import(/* @vite-ignore */ url)) as { startSambaAd: StartSambaAd };
  return startSambaAd({ realm: REALM, domain: NETBIOS, setup: setup() });
}

/** The DN samba-tool gives a user made with a given name and a surname. */
export const userDn = (dc: TSambaAd, u: { givenName: string; sn: string }) => `CN=${u.givenName} ${u.sn},${dc.usersDn}`;

/** The GATEHOUSE_LDAP_* variables of the Active Directory preset on the test DC (service account, users and groups under the base, UPN and NetBIOS domains, gh-admins as the admin group, 5 s timeout), with `vars` on top. */
export function adVars(dc: TSambaAd, vars: Record<string, string> = {}): Record<string, string> {
  return {
    GATEHOUSE_LDAP_PRESET: 'active-directory',
    GATEHOUSE_LDAP_URLS: dc.ldapUrl,
    GATEHOUSE_LDAP_BIND_DN: `CN=${SERVICE.username},${dc.usersDn}`,
    GATEHOUSE_LDAP_BIND_PASSWORD: SERVICE.password,
    GATEHOUSE_LDAP_USER_BASE: dc.baseDn,
    GATEHOUSE_LDAP_GROUP_BASE: dc.baseDn,
    GATEHOUSE_LDAP_UPN_DOMAIN: REALM.toLowerCase(),
    GATEHOUSE_LDAP_NETBIOS_DOMAIN: NETBIOS,
    GATEHOUSE_LDAP_ADMIN_GROUP: 'gh-admins',
    GATEHOUSE_LDAP_TIMEOUT: '5s',
    ...vars,
  };
}

/** adVars parsed the way lib/config parses the environment. */
export const adSettings = (dc: TSambaAd, vars: Record<string, string> = {}): DirectoryConfig => directoryFrom(adVars(dc, vars));

/** Adds a user (unique sAMAccountName) with the test password, in `groups`; returns its names and DN. */
export function addAdUser(dc: TSambaAd, options: { prefix?: string; groups?: string[] } = {}) {
  const username = `${options.prefix ?? 'ad'}-${randomBytes(3).toString('hex')}`;
  const user = { username, givenName: 'Person', sn: username, mail: `${username}@example.test` };
  dc.tool(...userArgs(user));
  for (const group of options.groups ?? []) dc.tool('group', 'addmembers', group, username);
  return { ...user, dn: userDn(dc, user) };
}
