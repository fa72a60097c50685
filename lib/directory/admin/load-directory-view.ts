/**
 * What the admin's directory page shows: each GATEHOUSE_LDAP_* variable's value for the form and
 * where it comes from (a value from the environment or the env file is fixed there and shown as
 * the running configuration made it), whether a bind password is set (never the password), the
 * directory in effect now, and the last sync's result with when the next one is due.
 */
import { DIRECTORY_VARIABLES, type DirectoryConfig, type DirectoryVariable, getEnv, storableSources, type VariableSource } from '../../config';
import type { Db } from '../../db';
import { formatDuration } from '../../duration';
import { nextRunAt } from '../../scheduling/claim-run';
import { readStoredVariables } from '../../settings/read-stored-variables';
import { DIRECTORY_SYNC_JOB } from '../sync/sync-job';
import { readLastSync, type SyncReport } from '../sync/sync-report';

export type DirectoryField = { source: VariableSource; value: string };

export type DirectoryView = {
  fields: Record<DirectoryVariable, DirectoryField>;
  /** Whether a service-account password is in effect (the field itself is always empty). */
  passwordSet: boolean;
  /** The directory in effect now (null: off). */
  current: { urls: string[]; tlsVerify: boolean; startTls: boolean; preset: string; syncInterval: string } | null;
  lastSync: SyncReport | null;
  nextSyncAt: Date | null;
  /** A stored password that could not be opened, and similar. */
  problems: string[];
};

const isFixed = (source: VariableSource) => source === 'environment' || source === 'file';

/** A fixed variable is shown as what the running configuration made of it. */
function describeFixed(name: DirectoryVariable, d: DirectoryConfig | null): string {
  if (!d) return '';
  const values: Record<DirectoryVariable, string> = {
    GATEHOUSE_LDAP_PRESET: d.preset,
    GATEHOUSE_LDAP_URLS: d.urls.join(' '),
    GATEHOUSE_LDAP_START_TLS: String(d.startTls),
    GATEHOUSE_LDAP_CA: d.ca ? '(certificate set)' : '',
    GATEHOUSE_LDAP_TLS_VERIFY: String(d.tlsVerify),
    GATEHOUSE_LDAP_BIND_DN: d.bind?.dn ?? '',
    GATEHOUSE_LDAP_BIND_PASSWORD: '',
    GATEHOUSE_LDAP_USER_BASE: d.userBase,
    GATEHOUSE_LDAP_USER_FILTER: d.userFilter,
    GATEHOUSE_LDAP_USERNAME_ATTRIBUTE: d.attributes.username,
    GATEHOUSE_LDAP_UID_ATTRIBUTE: d.attributes.uid,
    GATEHOUSE_LDAP_EMAIL_ATTRIBUTE: d.attributes.email,
    GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE: d.attributes.displayName,
    GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE: d.attributes.givenName,
    GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE: d.attributes.familyName,
    GATEHOUSE_LDAP_GROUPS_FROM: d.groups.from,
    GATEHOUSE_LDAP_GROUP_BASE: d.groups.base,
    GATEHOUSE_LDAP_GROUP_FILTER: d.groups.filter,
    GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE: d.groups.nameAttribute,
    GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE: d.groups.memberAttribute,
    GATEHOUSE_LDAP_NESTED_GROUPS: d.groups.nested,
    GATEHOUSE_LDAP_IMPORT_GROUPS: d.importGroups.join(','),
    GATEHOUSE_LDAP_ALLOWED_GROUPS: d.allowedGroups.join(','),
    GATEHOUSE_LDAP_OTHERS: d.others,
    GATEHOUSE_LDAP_ADMIN_GROUP: d.adminGroup ?? '',
    GATEHOUSE_LDAP_UPN_DOMAIN: d.upnDomain ?? '',
    GATEHOUSE_LDAP_NETBIOS_DOMAIN: d.netbiosDomain ?? '',
    GATEHOUSE_LDAP_TIMEOUT: formatDuration(d.timeoutMs),
    GATEHOUSE_LDAP_SYNC_INTERVAL: formatDuration(d.syncIntervalMs),
  };
  return values[name];
}

export async function loadDirectoryView(db: Db): Promise<DirectoryView> {
  const env = getEnv();
  const sources = storableSources();
  const [stored, lastSync, nextSyncAt] = [await readStoredVariables(db, env.secrets), await readLastSync(db), await nextRunAt(db, DIRECTORY_SYNC_JOB)];
  const fields = {} as Record<DirectoryVariable, DirectoryField>;
  for (const name of DIRECTORY_VARIABLES) {
    const source = sources[name];
    const value = name === 'GATEHOUSE_LDAP_BIND_PASSWORD' ? '' : isFixed(source) ? describeFixed(name, env.directory) : (stored.variables[name] ?? '');
    fields[name] = { source, value };
  }
  const d = env.directory;
  return {
    fields,
    passwordSet: Boolean(stored.variables.GATEHOUSE_LDAP_BIND_PASSWORD) || isFixed(sources.GATEHOUSE_LDAP_BIND_PASSWORD),
    current: d ? { urls: d.urls, tlsVerify: d.tlsVerify, startTls: d.startTls, preset: d.preset, syncInterval: formatDuration(d.syncIntervalMs) } : null,
    lastSync,
    nextSyncAt: d ? nextSyncAt : null,
    problems: stored.problems,
  };
}
