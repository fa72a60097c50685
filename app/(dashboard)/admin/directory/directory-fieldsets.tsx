'use client';
import type { DirectoryPreset, DirectoryVariable } from '@/lib/config';
import type { DirectoryField } from '@/lib/directory/admin/load-directory-view';
import { type Bind, SettingInput } from './setting-input';

type Props = { fields: Record<DirectoryVariable, DirectoryField>; bind: Bind; errors: Record<string, string>; hints: DirectoryPreset };

type Spec = { name: string; variable: DirectoryVariable; label: string; description?: string; rows?: number; options?: Record<string, string> };

const USERS: Spec[] = [
  { name: 'userBase', variable: 'GATEHOUSE_LDAP_USER_BASE', label: 'User base DN' },
  { name: 'userFilter', variable: 'GATEHOUSE_LDAP_USER_FILTER', label: 'User filter', description: 'Which entries under the base are people who may sign in.' },
  { name: 'usernameAttribute', variable: 'GATEHOUSE_LDAP_USERNAME_ATTRIBUTE', label: 'Username attribute', description: 'What users type at sign-in.' },
  {
    name: 'uidAttribute',
    variable: 'GATEHOUSE_LDAP_UID_ATTRIBUTE',
    label: 'Unique id attribute',
    description: 'Stable across renames and moves; the account is found by it.',
  },
  { name: 'emailAttribute', variable: 'GATEHOUSE_LDAP_EMAIL_ATTRIBUTE', label: 'Email attribute' },
  { name: 'displayNameAttribute', variable: 'GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE', label: 'Display name attribute' },
  { name: 'givenNameAttribute', variable: 'GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE', label: 'Given name attribute' },
  { name: 'familyNameAttribute', variable: 'GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE', label: 'Family name attribute' },
  {
    name: 'upnDomain',
    variable: 'GATEHOUSE_LDAP_UPN_DOMAIN',
    label: 'Sign-in domain (optional)',
    description: 'Active Directory: "user@<this domain>" signs in as "user".',
  },
  {
    name: 'netbiosDomain',
    variable: 'GATEHOUSE_LDAP_NETBIOS_DOMAIN',
    label: 'NetBIOS domain (optional)',
    description: 'Active Directory: "<THIS>\\user" signs in as "user".',
  },
];

const GROUPS: Spec[] = [
  {
    name: 'groupsFrom',
    variable: 'GATEHOUSE_LDAP_GROUPS_FROM',
    label: 'Groups from',
    options: { 'member-of': "The user's memberOf attribute", search: 'A search for groups that list the user' },
  },
  { name: 'groupBase', variable: 'GATEHOUSE_LDAP_GROUP_BASE', label: 'Group base DN (optional)', description: 'Empty: the user base.' },
  { name: 'groupFilter', variable: 'GATEHOUSE_LDAP_GROUP_FILTER', label: 'Group filter' },
  { name: 'groupNameAttribute', variable: 'GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE', label: 'Group name attribute' },
  { name: 'groupMemberAttribute', variable: 'GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE', label: 'Group member attribute' },
  {
    name: 'nestedGroups',
    variable: 'GATEHOUSE_LDAP_NESTED_GROUPS',
    label: 'Nested groups',
    options: {
      off: 'Direct memberships only',
      'in-chain': 'Active Directory: all levels in one search (in-chain rule)',
      walk: 'Follow group searches level by level',
    },
  },
  {
    name: 'importGroups',
    variable: 'GATEHOUSE_LDAP_IMPORT_GROUPS',
    label: 'Groups imported into Gatehouse (optional)',
    rows: 3,
    description: 'Directory group names, one per line. Empty: every group of the user.',
  },
  {
    name: 'allowedGroups',
    variable: 'GATEHOUSE_LDAP_ALLOWED_GROUPS',
    label: 'Groups allowed to sign in (optional)',
    rows: 3,
    description: 'One per line. Empty: every user the filter finds. The sync disables accounts that leave them.',
  },
  {
    name: 'others',
    variable: 'GATEHOUSE_LDAP_OTHERS',
    label: 'Users outside the allowed groups',
    options: { refuse: 'Refused at sign-in', pending: 'Created pending an admin’s approval' },
  },
  {
    name: 'adminGroup',
    variable: 'GATEHOUSE_LDAP_ADMIN_GROUP',
    label: 'Admin group (optional)',
    description: 'Members of this directory group are Gatehouse admins.',
  },
];

const TIMING: Spec[] = [
  { name: 'timeout', variable: 'GATEHOUSE_LDAP_TIMEOUT', label: 'Timeout (optional)', description: 'Per directory request, such as 5s (the default).' },
  {
    name: 'syncInterval',
    variable: 'GATEHOUSE_LDAP_SYNC_INTERVAL',
    label: 'Sync every (optional)',
    description: 'Such as 15m (the default): how often accounts are checked against the directory.',
  },
];

/** The users, groups and timing parts of the directory form. */
export function DirectoryFieldsets({ fields, bind, errors, hints }: Props) {
  const render = (specs: Spec[]) =>
    specs.map((spec) => (
      <SettingInput
        key={spec.name}
        {...spec}
        field={fields[spec.variable]}
        bind={bind}
        error={errors[spec.name]}
        placeholder={spec.name === 'userBase' ? hints.userBaseHint : spec.name === 'groupBase' ? hints.groupBaseHint : undefined}
      />
    ));
  return (
    <>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Users</legend>
        {render(USERS)}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Groups</legend>
        {render(GROUPS)}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Timing</legend>
        {render(TIMING)}
      </fieldset>
    </>
  );
}
