/**
 * What the directory form sends, as changes to the stored GATEHOUSE_LDAP_* variables. A field
 * left at its preset's value is stored as nothing, so the preset provides it (and a later change
 * of preset changes it too); variables fixed in the environment or the env file are left out, so
 * they are never stored. The bind password is write-only: kept, replaced or cleared, never echoed.
 * Shared by the page's client form (field names, preset values) and the server.
 */
import { z } from 'zod';
// The presets module itself, not lib/config's index: this file runs in the browser too, and the index loads the environment.
import { DIRECTORY_PRESET_IDS, DIRECTORY_PRESETS, type DirectoryPreset, type DirectoryPresetId } from '../../config/directory-presets';
import type { StorableVariable } from '../../config';

/** Text fields: the form's name, its variable, and the preset value it falls back to (if any). */
export const DIRECTORY_TEXT_FIELDS = [
  { name: 'urls', variable: 'GATEHOUSE_LDAP_URLS' },
  { name: 'ca', variable: 'GATEHOUSE_LDAP_CA' },
  { name: 'bindDn', variable: 'GATEHOUSE_LDAP_BIND_DN' },
  { name: 'userBase', variable: 'GATEHOUSE_LDAP_USER_BASE' },
  { name: 'userFilter', variable: 'GATEHOUSE_LDAP_USER_FILTER', preset: 'userFilter' },
  { name: 'usernameAttribute', variable: 'GATEHOUSE_LDAP_USERNAME_ATTRIBUTE', preset: 'usernameAttribute' },
  { name: 'uidAttribute', variable: 'GATEHOUSE_LDAP_UID_ATTRIBUTE', preset: 'uidAttribute' },
  { name: 'emailAttribute', variable: 'GATEHOUSE_LDAP_EMAIL_ATTRIBUTE', preset: 'emailAttribute' },
  { name: 'displayNameAttribute', variable: 'GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE', preset: 'displayNameAttribute' },
  { name: 'givenNameAttribute', variable: 'GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE', preset: 'givenNameAttribute' },
  { name: 'familyNameAttribute', variable: 'GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE', preset: 'familyNameAttribute' },
  { name: 'groupsFrom', variable: 'GATEHOUSE_LDAP_GROUPS_FROM', preset: 'groupsFrom' },
  { name: 'groupBase', variable: 'GATEHOUSE_LDAP_GROUP_BASE' },
  { name: 'groupFilter', variable: 'GATEHOUSE_LDAP_GROUP_FILTER', preset: 'groupFilter' },
  { name: 'groupNameAttribute', variable: 'GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE', preset: 'groupNameAttribute' },
  { name: 'groupMemberAttribute', variable: 'GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE', preset: 'groupMemberAttribute' },
  { name: 'nestedGroups', variable: 'GATEHOUSE_LDAP_NESTED_GROUPS', preset: 'nestedGroups' },
  { name: 'importGroups', variable: 'GATEHOUSE_LDAP_IMPORT_GROUPS' },
  { name: 'allowedGroups', variable: 'GATEHOUSE_LDAP_ALLOWED_GROUPS' },
  { name: 'others', variable: 'GATEHOUSE_LDAP_OTHERS' },
  { name: 'adminGroup', variable: 'GATEHOUSE_LDAP_ADMIN_GROUP' },
  { name: 'upnDomain', variable: 'GATEHOUSE_LDAP_UPN_DOMAIN' },
  { name: 'netbiosDomain', variable: 'GATEHOUSE_LDAP_NETBIOS_DOMAIN' },
  { name: 'timeout', variable: 'GATEHOUSE_LDAP_TIMEOUT' },
  { name: 'syncInterval', variable: 'GATEHOUSE_LDAP_SYNC_INTERVAL' },
] as const satisfies readonly { name: string; variable: StorableVariable; preset?: keyof DirectoryPreset }[];

export type DirectoryTextField = (typeof DIRECTORY_TEXT_FIELDS)[number]['name'];

const text = (max: number) => z.string().max(max, `At most ${max} characters.`).optional();

export const ZDirectorySettings = z.object({
  preset: z.enum(DIRECTORY_PRESET_IDS).default('custom'),
  urls: text(2000),
  startTls: z.enum(['on']).optional(),
  tlsVerify: z.enum(['on']).optional(),
  ca: text(64_000),
  bindDn: text(1000),
  passwordAction: z.enum(['keep', 'replace', 'clear']).default('keep'),
  bindPassword: text(1000),
  userBase: text(1000),
  userFilter: text(2000),
  usernameAttribute: text(64),
  uidAttribute: text(64),
  emailAttribute: text(64),
  displayNameAttribute: text(64),
  givenNameAttribute: text(64),
  familyNameAttribute: text(64),
  groupsFrom: z.enum(['member-of', 'search']).optional(),
  groupBase: text(1000),
  groupFilter: text(2000),
  groupNameAttribute: text(64),
  groupMemberAttribute: text(64),
  nestedGroups: z.enum(['off', 'in-chain', 'walk']).optional(),
  importGroups: text(4000),
  allowedGroups: text(4000),
  others: z.enum(['refuse', 'pending']).optional(),
  adminGroup: text(200),
  upnDomain: text(253),
  netbiosDomain: text(15),
  timeout: text(20),
  syncInterval: text(20),
});

export type DirectorySettingsForm = z.output<typeof ZDirectorySettings>;

/** The value a preset gives a field, or undefined when the field has no preset value. */
export function presetValue(preset: DirectoryPresetId, field: DirectoryTextField): string | undefined {
  const spec = DIRECTORY_TEXT_FIELDS.find((f) => f.name === field);
  return spec && 'preset' in spec ? String(DIRECTORY_PRESETS[preset][spec.preset]) : undefined;
}

/** Lists typed one per line or comma-separated, stored comma-separated. */
const normalise = (name: DirectoryTextField, value: string): string =>
  name === 'importGroups' || name === 'allowedGroups'
    ? value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean)
        .join(',')
    : name === 'urls'
      ? value
          .split(/[\s,]+/)
          .filter(Boolean)
          .join(' ')
      : value.trim();

/** Every change the form asks for; `fixed` names the variables the environment or the env file sets (left out). */
export function directoryChanges(input: DirectorySettingsForm, fixed: ReadonlySet<StorableVariable>): Partial<Record<StorableVariable, string | null>> {
  const all: Partial<Record<StorableVariable, string | null>> = {
    GATEHOUSE_LDAP_PRESET: input.preset === 'custom' ? null : input.preset,
    GATEHOUSE_LDAP_START_TLS: input.startTls ? 'true' : null,
    GATEHOUSE_LDAP_TLS_VERIFY: input.tlsVerify ? null : 'false',
  };
  for (const field of DIRECTORY_TEXT_FIELDS) {
    const raw = input[field.name];
    const value = raw === undefined ? '' : normalise(field.name, raw);
    const fromPreset = presetValue(input.preset, field.name);
    all[field.variable] = value === '' || value === fromPreset ? null : value;
  }
  if (input.passwordAction === 'replace') all.GATEHOUSE_LDAP_BIND_PASSWORD = input.bindPassword || null;
  // No service account any more (anonymous look-ups): its password goes too.
  if (input.passwordAction === 'clear' || (!fixed.has('GATEHOUSE_LDAP_BIND_DN') && !input.bindDn?.trim())) all.GATEHOUSE_LDAP_BIND_PASSWORD = null;
  const changes: Partial<Record<StorableVariable, string | null>> = {};
  for (const [name, value] of Object.entries(all) as [StorableVariable, string | null][]) if (!fixed.has(name)) changes[name] = value;
  return changes;
}

/** The form field a problem about `variable` is shown beside; "form" when the form has none for it. */
export function directoryFieldFor(variable: string | undefined): string {
  if (variable === 'GATEHOUSE_LDAP_BIND_PASSWORD') return 'bindPassword';
  if (variable === 'GATEHOUSE_LDAP_START_TLS') return 'urls';
  return DIRECTORY_TEXT_FIELDS.find((f) => f.variable === variable)?.name ?? 'form';
}

/** The form's first values: what is stored, else what the preset gives, else empty (fixed variables are shown, not edited). */
export function initialFormValues(stored: Partial<Record<StorableVariable, { value: string }>>): Record<string, string> {
  const preset = (DIRECTORY_PRESET_IDS as readonly string[]).includes(stored.GATEHOUSE_LDAP_PRESET?.value ?? '')
    ? (stored.GATEHOUSE_LDAP_PRESET?.value as DirectoryPresetId)
    : 'custom';
  const values: Record<string, string> = { preset };
  for (const field of DIRECTORY_TEXT_FIELDS) {
    const value = stored[field.variable]?.value ?? '';
    values[field.name] = value || (presetValue(preset, field.name) ?? '');
  }
  values.urls = values.urls?.split(' ').join('\n') ?? '';
  values.importGroups = values.importGroups?.split(',').join('\n') ?? '';
  values.allowedGroups = values.allowedGroups?.split(',').join('\n') ?? '';
  return values;
}

/** The fields a preset fills when chosen. */
export function presetFill(preset: DirectoryPresetId): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of DIRECTORY_TEXT_FIELDS) {
    const value = presetValue(preset, field.name);
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}
