/**
 * Directory presets: the attribute names, filters and group settings each kind of directory uses,
 * filled in for every GATEHOUSE_LDAP_* variable the operator leaves unset. Pure data; the admin
 * page shows them (lib/directory/presets.ts re-exports them).
 */

export const DIRECTORY_PRESET_IDS = ['active-directory', 'active-directory-gc', 'openldap', 'freeipa', 'lldap', 'custom'] as const;
export type DirectoryPresetId = (typeof DIRECTORY_PRESET_IDS)[number];

export const GROUPS_FROM = ['member-of', 'search'] as const;
export type GroupsFrom = (typeof GROUPS_FROM)[number];

/**
 * How nested groups are resolved: `off` (direct memberships only), `in-chain` (Active Directory's
 * LDAP_MATCHING_RULE_IN_CHAIN, one search), `walk` (group searches level by level, any directory).
 */
export const NESTED_GROUPS = ['off', 'in-chain', 'walk'] as const;
export type NestedGroups = (typeof NESTED_GROUPS)[number];

export type DirectoryPreset = {
  label: string;
  /** Ports the preset's servers listen on: ldap:// and ldaps://. */
  ports: { ldap: number; ldaps: number };
  /** Where users and groups usually sit, shown as a hint (the base DN depends on the domain). */
  userBaseHint: string;
  groupBaseHint: string;
  userFilter: string;
  usernameAttribute: string;
  uidAttribute: string;
  emailAttribute: string;
  displayNameAttribute: string;
  givenNameAttribute: string;
  familyNameAttribute: string;
  groupsFrom: GroupsFrom;
  groupFilter: string;
  groupNameAttribute: string;
  groupMemberAttribute: string;
  nestedGroups: NestedGroups;
};

const ACTIVE_DIRECTORY: Omit<DirectoryPreset, 'label' | 'ports'> = {
  userBaseHint: 'CN=Users,DC=example,DC=com',
  groupBaseHint: 'DC=example,DC=com',
  userFilter: '(&(objectCategory=person)(objectClass=user))',
  usernameAttribute: 'sAMAccountName',
  uidAttribute: 'objectGUID',
  emailAttribute: 'mail',
  displayNameAttribute: 'displayName',
  givenNameAttribute: 'givenName',
  familyNameAttribute: 'sn',
  groupsFrom: 'member-of',
  groupFilter: '(objectClass=group)',
  groupNameAttribute: 'cn',
  groupMemberAttribute: 'member',
  nestedGroups: 'in-chain',
};

const OPENLDAP: DirectoryPreset = {
  label: 'OpenLDAP',
  ports: { ldap: 389, ldaps: 636 },
  userBaseHint: 'ou=people,dc=example,dc=com',
  groupBaseHint: 'ou=groups,dc=example,dc=com',
  userFilter: '(objectClass=inetOrgPerson)',
  usernameAttribute: 'uid',
  uidAttribute: 'entryUUID',
  emailAttribute: 'mail',
  displayNameAttribute: 'cn',
  givenNameAttribute: 'givenName',
  familyNameAttribute: 'sn',
  groupsFrom: 'search',
  groupFilter: '(objectClass=groupOfNames)',
  groupNameAttribute: 'cn',
  groupMemberAttribute: 'member',
  nestedGroups: 'off',
};

export const DIRECTORY_PRESETS: Record<DirectoryPresetId, DirectoryPreset> = {
  'active-directory': { label: 'Active Directory', ports: { ldap: 389, ldaps: 636 }, ...ACTIVE_DIRECTORY },
  'active-directory-gc': { label: 'Active Directory (global catalog)', ports: { ldap: 3268, ldaps: 3269 }, ...ACTIVE_DIRECTORY },
  openldap: OPENLDAP,
  freeipa: {
    label: 'FreeIPA',
    ports: { ldap: 389, ldaps: 636 },
    userBaseHint: 'cn=users,cn=accounts,dc=example,dc=com',
    groupBaseHint: 'cn=groups,cn=accounts,dc=example,dc=com',
    userFilter: '(objectClass=person)',
    usernameAttribute: 'uid',
    uidAttribute: 'ipaUniqueID',
    emailAttribute: 'mail',
    displayNameAttribute: 'displayName',
    givenNameAttribute: 'givenName',
    familyNameAttribute: 'sn',
    // FreeIPA's memberOf already holds the nested (indirect) memberships.
    groupsFrom: 'member-of',
    groupFilter: '(objectClass=groupOfNames)',
    groupNameAttribute: 'cn',
    groupMemberAttribute: 'member',
    nestedGroups: 'off',
  },
  lldap: {
    label: 'lldap',
    ports: { ldap: 3890, ldaps: 6360 },
    userBaseHint: 'ou=people,dc=example,dc=com',
    groupBaseHint: 'ou=groups,dc=example,dc=com',
    userFilter: '(objectClass=person)',
    usernameAttribute: 'uid',
    uidAttribute: 'entryUUID',
    emailAttribute: 'mail',
    displayNameAttribute: 'cn',
    givenNameAttribute: 'givenName',
    familyNameAttribute: 'sn',
    groupsFrom: 'member-of',
    groupFilter: '(objectClass=groupOfUniqueNames)',
    groupNameAttribute: 'cn',
    groupMemberAttribute: 'member',
    nestedGroups: 'off',
  },
  // Starts from OpenLDAP's names with a looser user filter; every value is meant to be set.
  custom: { ...OPENLDAP, label: 'Custom', userFilter: '(objectClass=person)' },
};
