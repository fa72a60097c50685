import { describe, expect, it } from 'vitest';
import { directoryFrom } from '../../test/support/ldap/directory-settings';
import { guidToUuid, mapDirectoryEntry } from './map-directory-entry';

const ad = directoryFrom({
  GATEHOUSE_LDAP_PRESET: 'active-directory',
  GATEHOUSE_LDAP_URLS: 'ldaps://dc.example.com',
  GATEHOUSE_LDAP_USER_BASE: 'DC=example,DC=com',
});

// The objectGUID of the Windows documentation's example: {21EC2020-3AEA-1069-A2DD-08002B30309D}.
const GUID = Buffer.from([0x20, 0x20, 0xec, 0x21, 0xea, 0x3a, 0x69, 0x10, 0xa2, 0xdd, 0x08, 0x00, 0x2b, 0x30, 0x30, 0x9d]);

describe('mapDirectoryEntry on Active Directory', () => {
  it('reads objectGUID as the UUID Windows shows, lower-case', () => {
    expect(guidToUuid(GUID)).toBe('21ec2020-3aea-1069-a2dd-08002b30309d');
  });

  it('maps the attributes case-insensitively and sees the ACCOUNTDISABLE bit', () => {
    const entry = { dn: 'CN=Anna,CN=Users,DC=example,DC=com', SAMAccountName: 'Anna', objectGUID: GUID, mail: 'Anna@Example.com', userAccountControl: '514' };
    expect(mapDirectoryEntry(entry, ad, ['Staff'])).toEqual({
      dn: entry.dn,
      uid: '21ec2020-3aea-1069-a2dd-08002b30309d',
      username: 'anna',
      email: 'anna@example.com',
      displayName: null,
      givenName: null,
      familyName: null,
      groups: ['Staff'],
      disabled: true,
      disabledBy: 'userAccountControl',
    });
    expect(mapDirectoryEntry({ ...entry, userAccountControl: '512' }, ad, [])?.disabled).toBe(false);
    expect(mapDirectoryEntry({ ...entry, userAccountControl: '512', nsAccountLock: 'TRUE' }, ad, [])?.disabledBy).toBe('nsAccountLock');
  });

  it('cannot map an entry without a username or a stable id', () => {
    expect(mapDirectoryEntry({ dn: 'CN=x', objectGUID: GUID }, ad, [])).toBeNull();
    expect(mapDirectoryEntry({ dn: 'CN=x', sAMAccountName: 'x' }, ad, [])).toBeNull();
  });
});
