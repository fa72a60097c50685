/** Changes to the test directory while a test runs, as its administrator would make them (ldapmodify as the root DN). */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TSeed, TSlapd } from '../slapd';

export function ldapModify(slapd: TSlapd, ldif: string): void {
  execFileSync('ldapmodify', ['-x', '-H', slapd.ldapUrl, '-D', slapd.rootDn, '-w', slapd.rootPassword], { input: ldif, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** Adds a person (unique uid) to ou=people and to `groups`; returns its uid and DN. */
export function addPerson(
  slapd: TSlapd,
  seed: TSeed,
  options: { groups?: string[]; prefix?: string; mail?: string } = {},
): { uid: string; dn: string; mail: string } {
  const uid = `${options.prefix ?? 'person'}-${randomBytes(3).toString('hex')}`;
  const dn = `uid=${uid},${seed.PEOPLE}`;
  const mail = options.mail ?? `${uid}@example.test`;
  ldapModify(
    slapd,
    [
      `dn: ${dn}`,
      'changetype: add',
      'objectClass: inetOrgPerson',
      `uid: ${uid}`,
      `cn: Person ${uid}`,
      'sn: Person',
      `mail: ${mail}`,
      `userPassword: ${seed.PASSWORD}`,
      '',
    ].join('\n'),
  );
  for (const group of options.groups ?? []) setMembership(slapd, seed, group, dn, true);
  return { uid, dn, mail };
}

export function setMembership(slapd: TSlapd, seed: TSeed, group: string, memberDn: string, member: boolean): void {
  ldapModify(slapd, [`dn: cn=${group},${seed.GROUPS}`, 'changetype: modify', `${member ? 'add' : 'delete'}: member`, `member: ${memberDn}`, ''].join('\n'));
}
