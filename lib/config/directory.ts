/**
 * The directory (LDAP / Active Directory) whose users sign in with their directory password.
 * Every GATEHOUSE_LDAP_* variable is storable (an admin sets it in the portal; the environment
 * wins); GATEHOUSE_LDAP_PRESET fills in the attribute names, filters and group settings the
 * operator leaves unset (directory-presets.ts). No GATEHOUSE_LDAP_URLS: no directory.
 *
 * The filters here are the operator's (trusted configuration), checked for syntax once; what a
 * user types is never put into a filter as text (lib/directory builds filter objects).
 */
import { X509Certificate } from 'node:crypto';
import { FilterParser } from 'ldapts';
import { DIRECTORY_PRESETS, type DirectoryPresetId, type GroupsFrom, type NestedGroups } from './directory-presets';
import type { RawEnv } from './variables';

export type DirectoryConfig = {
  preset: DirectoryPresetId;
  /** ldap:// or ldaps:// URLs (scheme, host and port only), tried in order. */
  urls: string[];
  startTls: boolean;
  /** PEM certificates trusted for the directory (besides the system's), or null. */
  ca: string | null;
  /** False only when GATEHOUSE_LDAP_TLS_VERIFY=false: the admin page shows a warning. */
  tlsVerify: boolean;
  /** The service account the look-ups bind as; null for anonymous look-ups. */
  bind: { dn: string; password: string } | null;
  userBase: string;
  userFilter: string;
  attributes: { username: string; uid: string; email: string; displayName: string; givenName: string; familyName: string };
  groups: {
    from: GroupsFrom;
    /** Where group searches look: GATEHOUSE_LDAP_GROUP_BASE, else the user base. */
    base: string;
    filter: string;
    nameAttribute: string;
    memberAttribute: string;
    nested: NestedGroups;
  };
  /** Directory group names (lower-case) imported as Gatehouse groups; empty: all. */
  importGroups: string[];
  /** Directory group names (lower-case) whose members may sign in; empty: every user the filter finds. */
  allowedGroups: string[];
  /** Users outside the allowed groups: refused, or created pending an admin's approval. */
  others: 'refuse' | 'pending';
  /** The directory group (lower-case) whose members are Gatehouse admins, or null. */
  adminGroup: string | null;
  /** `user@<upnDomain>` and `<NETBIOS>\user` logins name the directory user `user` (lower-case). */
  upnDomain: string | null;
  netbiosDomain: string | null;
  timeoutMs: number;
  syncIntervalMs: number;
};

export type DirectoryEnv = { directory: DirectoryConfig | null };

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}|\d+(?:\.\d+)+)$/;
const GROUP_NAME = /^[^\u0000-\u001f,]{1,128}$/;

const list = (value: string | undefined): string[] => [
  ...new Set(
    (value ?? '')
      .split(/[,\n]/)
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  ),
];

function urlsOf(value: string, problems: string[]): string[] {
  const urls: string[] = [];
  for (const item of value.split(/[\s,]+/).filter(Boolean)) {
    const parsed = URL.canParse(item) ? new URL(item) : null;
    if (
      !parsed ||
      !/^ldaps?:$/.test(parsed.protocol) ||
      !parsed.hostname ||
      parsed.username ||
      parsed.password ||
      parsed.search ||
      parsed.hash ||
      !['', '/'].includes(parsed.pathname)
    ) {
      problems.push(`GATEHOUSE_LDAP_URLS: "${item}" must be an ldap:// or ldaps:// URL with a host and an optional port, nothing more`);
      continue;
    }
    urls.push(`${parsed.protocol}//${parsed.host}`);
  }
  return urls;
}

function filterOf(name: string, value: string, problems: string[]): string {
  try {
    FilterParser.parseString(value);
  } catch {
    problems.push(`${name} must be an LDAP filter such as (objectClass=person) (got "${value}")`);
  }
  return value;
}

function caOf(value: string | undefined, problems: string[]): string | null {
  if (value === undefined) return null;
  const pems = value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (pems.length === 0) throw new Error('no certificate');
    for (const pem of pems) new X509Certificate(pem);
  } catch {
    problems.push('GATEHOUSE_LDAP_CA must hold one or more PEM certificates (-----BEGIN CERTIFICATE----- …)');
    return null;
  }
  return pems.join('\n');
}

/** The directory configuration, or null when GATEHOUSE_LDAP_URLS is unset; problems are pushed. */
export function directoryConfig(raw: RawEnv, problems: string[]): DirectoryConfig | null {
  if (!raw.GATEHOUSE_LDAP_URLS) return null;
  const preset = DIRECTORY_PRESETS[raw.GATEHOUSE_LDAP_PRESET];
  const urls = urlsOf(raw.GATEHOUSE_LDAP_URLS, problems);
  if (urls.length === 0 && !problems.some((p) => p.startsWith('GATEHOUSE_LDAP_URLS'))) problems.push('GATEHOUSE_LDAP_URLS names no server');
  if (raw.GATEHOUSE_LDAP_START_TLS && urls.some((url) => url.startsWith('ldaps:'))) {
    problems.push('GATEHOUSE_LDAP_START_TLS is for ldap:// URLs: an ldaps:// URL is already encrypted (use one or the other)');
  }
  if (Boolean(raw.GATEHOUSE_LDAP_BIND_DN) !== Boolean(raw.GATEHOUSE_LDAP_BIND_PASSWORD)) {
    problems.push('GATEHOUSE_LDAP_BIND_DN and GATEHOUSE_LDAP_BIND_PASSWORD must be set together (or neither, for anonymous look-ups)');
  }
  if (!raw.GATEHOUSE_LDAP_USER_BASE) problems.push(`GATEHOUSE_LDAP_USER_BASE is required with GATEHOUSE_LDAP_URLS (for example ${preset.userBaseHint})`);
  const attributes = {
    username: raw.GATEHOUSE_LDAP_USERNAME_ATTRIBUTE ?? preset.usernameAttribute,
    uid: raw.GATEHOUSE_LDAP_UID_ATTRIBUTE ?? preset.uidAttribute,
    email: raw.GATEHOUSE_LDAP_EMAIL_ATTRIBUTE ?? preset.emailAttribute,
    displayName: raw.GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE ?? preset.displayNameAttribute,
    givenName: raw.GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE ?? preset.givenNameAttribute,
    familyName: raw.GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE ?? preset.familyNameAttribute,
  };
  const groupNameAttribute = raw.GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE ?? preset.groupNameAttribute;
  const groupMemberAttribute = raw.GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE ?? preset.groupMemberAttribute;
  for (const [name, value] of [
    ['GATEHOUSE_LDAP_USERNAME_ATTRIBUTE', attributes.username],
    ['GATEHOUSE_LDAP_UID_ATTRIBUTE', attributes.uid],
    ['GATEHOUSE_LDAP_EMAIL_ATTRIBUTE', attributes.email],
    ['GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE', attributes.displayName],
    ['GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE', attributes.givenName],
    ['GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE', attributes.familyName],
    ['GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE', groupNameAttribute],
    ['GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE', groupMemberAttribute],
  ] as const) {
    if (!ATTRIBUTE.test(value)) problems.push(`${name} must be an attribute name such as mail (got "${value}")`);
  }
  const userFilter = filterOf('GATEHOUSE_LDAP_USER_FILTER', raw.GATEHOUSE_LDAP_USER_FILTER ?? preset.userFilter, problems);
  const groupFilter = filterOf('GATEHOUSE_LDAP_GROUP_FILTER', raw.GATEHOUSE_LDAP_GROUP_FILTER ?? preset.groupFilter, problems);
  const importGroups = list(raw.GATEHOUSE_LDAP_IMPORT_GROUPS);
  const allowedGroups = list(raw.GATEHOUSE_LDAP_ALLOWED_GROUPS);
  const adminGroup = raw.GATEHOUSE_LDAP_ADMIN_GROUP?.trim().toLowerCase() ?? null;
  for (const name of [...importGroups, ...allowedGroups, ...(adminGroup ? [adminGroup] : [])]) {
    if (!GROUP_NAME.test(name)) problems.push(`Directory group names are names, not DNs: "${name}" is not one (GATEHOUSE_LDAP_*_GROUP(S))`);
  }
  const upnDomain = raw.GATEHOUSE_LDAP_UPN_DOMAIN?.trim().toLowerCase() ?? null;
  if (upnDomain && !/^[a-z0-9.-]{1,253}$/.test(upnDomain)) problems.push(`GATEHOUSE_LDAP_UPN_DOMAIN must be a domain such as example.com (got "${upnDomain}")`);
  const netbiosDomain = raw.GATEHOUSE_LDAP_NETBIOS_DOMAIN?.trim().toLowerCase() ?? null;
  if (netbiosDomain && !/^[a-z0-9][a-z0-9.-]{0,14}$/.test(netbiosDomain)) {
    problems.push(`GATEHOUSE_LDAP_NETBIOS_DOMAIN must be a NetBIOS domain name such as EXAMPLE (got "${netbiosDomain}")`);
  }
  const ca = caOf(raw.GATEHOUSE_LDAP_CA, problems);
  const userBase = raw.GATEHOUSE_LDAP_USER_BASE ?? '';
  return {
    preset: raw.GATEHOUSE_LDAP_PRESET,
    urls,
    startTls: raw.GATEHOUSE_LDAP_START_TLS,
    ca,
    tlsVerify: raw.GATEHOUSE_LDAP_TLS_VERIFY,
    bind:
      raw.GATEHOUSE_LDAP_BIND_DN && raw.GATEHOUSE_LDAP_BIND_PASSWORD ? { dn: raw.GATEHOUSE_LDAP_BIND_DN, password: raw.GATEHOUSE_LDAP_BIND_PASSWORD } : null,
    userBase,
    userFilter,
    attributes,
    groups: {
      from: raw.GATEHOUSE_LDAP_GROUPS_FROM ?? preset.groupsFrom,
      base: raw.GATEHOUSE_LDAP_GROUP_BASE ?? userBase,
      filter: groupFilter,
      nameAttribute: groupNameAttribute,
      memberAttribute: groupMemberAttribute,
      nested: raw.GATEHOUSE_LDAP_NESTED_GROUPS ?? preset.nestedGroups,
    },
    importGroups,
    allowedGroups,
    others: raw.GATEHOUSE_LDAP_OTHERS,
    adminGroup,
    upnDomain,
    netbiosDomain,
    timeoutMs: raw.GATEHOUSE_LDAP_TIMEOUT,
    syncIntervalMs: raw.GATEHOUSE_LDAP_SYNC_INTERVAL,
  };
}
