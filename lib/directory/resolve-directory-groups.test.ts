import type { Client, SearchOptions } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { directoryFrom } from '../../test/support/ldap/directory-settings';
import { resolveDirectoryGroups } from './resolve-directory-groups';

/** A client that records the searches it is asked for and answers each with `answer(filter)`. */
function fakeClient(answer: (filter: string) => { dn: string; cn: string }[]) {
  const filters: string[] = [];
  const client = {
    async search(_base: string, options: SearchOptions) {
      const filter = String(options.filter);
      filters.push(filter);
      return { searchEntries: answer(filter), searchReferences: [] };
    },
  } as unknown as Client;
  return { client, filters };
}

const base = { GATEHOUSE_LDAP_URLS: 'ldaps://dc.example.com', GATEHOUSE_LDAP_USER_BASE: 'DC=example,DC=com' };
const userDn = 'CN=Smith\\, J*(x),CN=Users,DC=example,DC=com';

describe('resolveDirectoryGroups', () => {
  it('asks Active Directory once with LDAP_MATCHING_RULE_IN_CHAIN, the DN escaped as a filter value', async () => {
    const settings = directoryFrom({ ...base, GATEHOUSE_LDAP_PRESET: 'active-directory' });
    const { client, filters } = fakeClient(() => [{ dn: 'CN=Nested,DC=example,DC=com', cn: 'Nested' }]);
    const entry = { dn: userDn, memberOf: ['CN=Direct,CN=Users,DC=example,DC=com'] };
    expect(await resolveDirectoryGroups(client, settings, entry, 'smith')).toEqual(['Direct', 'Nested']);
    expect(filters).toEqual(['(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, J\\2a\\28x\\29,CN=Users,DC=example,DC=com))']);
  });

  it('walks nested groups level by level and stops at a cycle', async () => {
    const settings = directoryFrom({ ...base, GATEHOUSE_LDAP_PRESET: 'openldap', GATEHOUSE_LDAP_NESTED_GROUPS: 'walk' });
    const g = (cn: string) => ({ dn: `cn=${cn},ou=groups`, cn });
    const { client, filters } = fakeClient((filter) => {
      if (filter.includes(`(member=${'uid=a'})`)) return [g('one')];
      if (filter.includes('(member=cn=one,ou=groups)')) return [g('two')];
      if (filter.includes('(member=cn=two,ou=groups)')) return [g('one')];
      return [];
    });
    expect(await resolveDirectoryGroups(client, settings, { dn: 'uid=a' }, 'a')).toEqual(['one', 'two']);
    expect(filters).toHaveLength(3);
  });

  it('searches posixGroup memberships by username', async () => {
    const settings = directoryFrom({ ...base, GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE: 'memberUid', GATEHOUSE_LDAP_GROUP_FILTER: '(objectClass=posixGroup)' });
    const { client, filters } = fakeClient(() => []);
    await resolveDirectoryGroups(client, settings, { dn: 'uid=a*,ou=people' }, 'a*');
    expect(filters).toEqual(['(&(objectClass=posixGroup)(memberUid=a\\2a))']);
  });
});
