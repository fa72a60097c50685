import { describe, expect, it } from 'vitest';
import { directoryFrom } from '../../test/support/ldap/directory-settings';
import { decideDirectoryAccount, type ExistingAccount, type ExistingAccounts } from './decide-directory-account';
import { gatehouseGroupName, judgeDirectoryGroups } from './directory-groups';
import type { DirectorySettings } from './directory-settings';
import type { DirectoryUser } from './map-directory-entry';

const settings = (vars: Record<string, string> = {}): DirectorySettings =>
  directoryFrom({ GATEHOUSE_LDAP_URLS: 'ldap://dc.example.com', GATEHOUSE_LDAP_USER_BASE: 'dc=example,dc=com', ...vars });

const anna: DirectoryUser = {
  dn: 'uid=anna,ou=people,dc=example,dc=com',
  uid: 'u-1',
  username: 'anna',
  email: 'anna@example.com',
  displayName: 'Anna',
  givenName: null,
  familyName: null,
  groups: ['Staff', 'Domain Admins'],
  disabled: false,
  disabledBy: null,
};
const nobody: ExistingAccounts = { byUid: null, byUsername: null, byEmail: null };
const account = (over: Partial<ExistingAccount>): ExistingAccount => ({
  id: 'a1',
  username: 'anna',
  email: 'anna@example.com',
  status: 'active',
  authSource: 'directory',
  directoryUid: 'u-1',
  ...over,
});

describe('directory groups', () => {
  it('fits directory names to Gatehouse group names', () => {
    expect(gatehouseGroupName('Domain Admins')).toBe('domain-admins');
    expect(gatehouseGroupName('Équipe_Paie')).toBe('equipe_paie');
    expect(gatehouseGroupName('***')).toBeNull();
    expect(gatehouseGroupName('x'.repeat(60))).toHaveLength(40);
  });

  it('imports the listed groups (all when none are listed), maps the admin group to admins, and judges allowed', () => {
    expect(judgeDirectoryGroups(settings(), anna.groups)).toEqual({ gatehouseGroups: ['domain-admins', 'staff'], allowed: true, admin: false });
    const s = settings({ GATEHOUSE_LDAP_IMPORT_GROUPS: 'staff', GATEHOUSE_LDAP_ADMIN_GROUP: 'Domain Admins', GATEHOUSE_LDAP_ALLOWED_GROUPS: 'family' });
    expect(judgeDirectoryGroups(s, anna.groups)).toEqual({ gatehouseGroups: ['admins', 'staff'], allowed: false, admin: true });
  });
});

describe('decideDirectoryAccount', () => {
  it('creates a new account active, or pending outside the allowed groups when configured, else refuses', () => {
    expect(decideDirectoryAccount(anna, settings(), nobody)).toEqual({ outcome: 'create', username: 'anna', email: 'anna@example.com', status: 'active' });
    const pending = settings({ GATEHOUSE_LDAP_ALLOWED_GROUPS: 'family', GATEHOUSE_LDAP_OTHERS: 'pending' });
    expect(decideDirectoryAccount(anna, pending, nobody)).toMatchObject({ outcome: 'create', status: 'pending' });
    expect(decideDirectoryAccount(anna, settings({ GATEHOUSE_LDAP_ALLOWED_GROUPS: 'family' }), nobody)).toMatchObject({
      outcome: 'refuse',
      reason: 'not-allowed',
    });
  });

  it('updates the account with the same stable id, renaming it with the directory and activating a pending one once allowed', () => {
    const own = account({ username: 'anna-old', status: 'pending' });
    expect(decideDirectoryAccount(anna, settings(), { ...nobody, byUid: own })).toEqual({
      outcome: 'update',
      account: own,
      username: 'anna',
      status: 'active',
    });
    const disabled = account({ status: 'disabled' });
    expect(decideDirectoryAccount(anna, settings(), { ...nobody, byUid: disabled, byUsername: disabled })).toMatchObject({
      outcome: 'update',
      status: 'disabled',
    });
  });

  it('takes an account seen under its username or email with the same stable id as its own (reads racing a creation)', () => {
    const own = account({});
    expect(decideDirectoryAccount(anna, settings(), { byUid: null, byUsername: own, byEmail: own })).toMatchObject({ outcome: 'update', account: own });
  });

  it('never takes over a local account with the same username or email', () => {
    for (const existing of [
      { ...nobody, byUsername: account({ authSource: 'local', directoryUid: null, email: 'x@example.com' }) },
      { ...nobody, byEmail: account({ authSource: 'local', directoryUid: null, username: 'other' }) },
    ]) {
      expect(decideDirectoryAccount(anna, settings(), existing)).toMatchObject({ outcome: 'refuse', reason: 'local-account' });
    }
    expect(decideDirectoryAccount(anna, settings(), { ...nobody, byUsername: account({ directoryUid: 'u-2' }) })).toMatchObject({
      outcome: 'refuse',
      reason: 'directory-conflict',
    });
  });

  it('refuses a disabled entry, a username Gatehouse cannot take and a missing email', () => {
    expect(decideDirectoryAccount({ ...anna, disabled: true, disabledBy: 'userAccountControl' }, settings(), nobody)).toMatchObject({ reason: 'disabled' });
    expect(decideDirectoryAccount({ ...anna, username: 'a b' }, settings(), nobody)).toMatchObject({ reason: 'invalid-username' });
    expect(decideDirectoryAccount({ ...anna, email: null }, settings(), nobody)).toMatchObject({ reason: 'no-email' });
  });
});
