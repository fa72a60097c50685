import { describe, expect, it } from 'vitest';
import { DIRECTORY_PRESETS } from './directory-presets';
import { parseEnv } from './parse-env';
import type { Secrets } from './secrets';

const secrets = (): Secrets => ({ encryptionKey: Buffer.alloc(32), signingKey: Buffer.alloc(32) });
const parse = (vars: Record<string, string>) => parseEnv(vars, { cwd: '/srv/gatehouse', secrets });
const BASE = { GATEHOUSE_LDAP_URLS: 'ldap://dc1.example.com:3268, ldaps://dc2.example.com', GATEHOUSE_LDAP_USER_BASE: 'dc=example,dc=com' };

function directoryOf(vars: Record<string, string>) {
  const result = parse(vars);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.env.directory;
}

function problemsOf(vars: Record<string, string>): string[] {
  const result = parse(vars);
  return result.ok ? [] : result.problems;
}

describe('directory configuration', () => {
  it('is off without GATEHOUSE_LDAP_URLS', () => {
    expect(directoryOf({})).toBeNull();
  });

  it('keeps the servers in order, reduced to scheme, host and port; verification on, 5 s timeout, 15 min sync by default', () => {
    const directory = directoryOf(BASE)!;
    expect(directory.urls).toEqual(['ldap://dc1.example.com:3268', 'ldaps://dc2.example.com']);
    expect(directory.tlsVerify).toBe(true);
    expect(directory.startTls).toBe(false);
    expect(directory.timeoutMs).toBe(5_000);
    expect(directory.syncIntervalMs).toBe(15 * 60_000);
    expect(directory.bind).toBeNull();
    expect(directory.others).toBe('refuse');
    expect(directory.groups.base).toBe('dc=example,dc=com');
  });

  it('fills unset values from the preset, and an explicit value wins over it', () => {
    const ad = directoryOf({ ...BASE, GATEHOUSE_LDAP_PRESET: 'active-directory-gc', GATEHOUSE_LDAP_EMAIL_ATTRIBUTE: 'userPrincipalName' })!;
    expect(ad.attributes.username).toBe('sAMAccountName');
    expect(ad.attributes.uid).toBe('objectGUID');
    expect(ad.attributes.email).toBe('userPrincipalName');
    expect(ad.groups).toMatchObject({ from: 'member-of', nested: 'in-chain' });
    expect(DIRECTORY_PRESETS['active-directory-gc'].ports.ldap).toBe(3268);
    const lldap = directoryOf({ ...BASE, GATEHOUSE_LDAP_PRESET: 'lldap' })!;
    expect(lldap.userFilter).toBe('(objectClass=person)');
  });

  it('lower-cases group names and AD domains', () => {
    const directory = directoryOf({
      ...BASE,
      GATEHOUSE_LDAP_ALLOWED_GROUPS: 'Staff, Paperless Users',
      GATEHOUSE_LDAP_ADMIN_GROUP: 'Domain Admins',
      GATEHOUSE_LDAP_UPN_DOMAIN: 'Example.COM',
      GATEHOUSE_LDAP_NETBIOS_DOMAIN: 'EXAMPLE',
    })!;
    expect(directory.allowedGroups).toEqual(['staff', 'paperless users']);
    expect(directory.adminGroup).toBe('domain admins');
    expect(directory.upnDomain).toBe('example.com');
    expect(directory.netbiosDomain).toBe('example');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      GATEHOUSE_LDAP_URLS: 'http://dc.example.com, ldaps://dc.example.com/dc=x?uid',
      GATEHOUSE_LDAP_START_TLS: 'true',
      GATEHOUSE_LDAP_BIND_DN: 'cn=svc,dc=example,dc=com',
      GATEHOUSE_LDAP_USER_FILTER: '(objectClass=person',
      GATEHOUSE_LDAP_EMAIL_ATTRIBUTE: 'mail)(uid=*',
      GATEHOUSE_LDAP_CA: 'not a certificate',
      GATEHOUSE_LDAP_ADMIN_GROUP: 'cn=admins,dc=example,dc=com',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/"http:\/\/dc\.example\.com" must be an ldap:\/\//);
    expect(text).toMatch(/"ldaps:\/\/dc\.example\.com\/dc=x\?uid" must be/);
    expect(text).toMatch(/GATEHOUSE_LDAP_BIND_DN and GATEHOUSE_LDAP_BIND_PASSWORD must be set together/);
    expect(text).toMatch(/GATEHOUSE_LDAP_USER_BASE is required/);
    expect(text).toMatch(/GATEHOUSE_LDAP_USER_FILTER must be an LDAP filter/);
    expect(text).toMatch(/GATEHOUSE_LDAP_EMAIL_ATTRIBUTE must be an attribute name/);
    expect(text).toMatch(/GATEHOUSE_LDAP_CA must hold/);
    expect(text).toMatch(/not DNs/);
  });

  it('refuses StartTLS on an ldaps:// server and an unknown preset', () => {
    expect(problemsOf({ ...BASE, GATEHOUSE_LDAP_START_TLS: 'yes' }).join()).toMatch(/GATEHOUSE_LDAP_START_TLS is for ldap:\/\//);
    expect(problemsOf({ ...BASE, GATEHOUSE_LDAP_PRESET: 'novell' }).join()).toMatch(/GATEHOUSE_LDAP_PRESET must be one of/);
  });
});
