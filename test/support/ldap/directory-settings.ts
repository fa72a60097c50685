/** DirectorySettings for tests, parsed the way lib/config parses the environment. */
import { type DirectoryConfig, parseEnv } from '../../../lib/config';
import type { TSeed, TSlapd } from '../slapd';

/** The directory these GATEHOUSE_LDAP_* variables configure (throws on a problem or none). */
export function directoryFrom(vars: Record<string, string>): DirectoryConfig {
  const result = parseEnv(vars, { cwd: process.cwd(), secrets: () => ({ encryptionKey: Buffer.alloc(32), signingKey: Buffer.alloc(32) }) });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  if (!result.env.directory) throw new Error('no directory configured');
  return result.env.directory;
}

/** The test slapd's directory (OpenLDAP preset, service account, 2 s timeout), with `vars` on top. */
export function testDirectorySettings(slapd: TSlapd, seed: TSeed, vars: Record<string, string> = {}): DirectoryConfig {
  return directoryFrom({
    GATEHOUSE_LDAP_PRESET: 'openldap',
    GATEHOUSE_LDAP_URLS: slapd.ldapUrl,
    GATEHOUSE_LDAP_BIND_DN: seed.SERVICE.dn,
    GATEHOUSE_LDAP_BIND_PASSWORD: seed.SERVICE.password,
    GATEHOUSE_LDAP_USER_BASE: seed.PEOPLE,
    GATEHOUSE_LDAP_GROUP_BASE: seed.GROUPS,
    GATEHOUSE_LDAP_TIMEOUT: '2s',
    ...vars,
  });
}
