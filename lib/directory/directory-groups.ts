/**
 * Which of a directory user's groups matter to Gatehouse, and under which name. Pure.
 * Directory group names are compared case-insensitively with GATEHOUSE_LDAP_IMPORT_GROUPS,
 * _ALLOWED_GROUPS and _ADMIN_GROUP (all checked against every group, imported or not). An
 * imported group becomes the Gatehouse group of the same name made to fit Gatehouse's names
 * (lower-case; letters, digits, - and _; at most 40): "Domain Users" → "domain-users". A name
 * with nothing left is not imported. The admin group gives the Gatehouse `admins` group.
 */
import { ADMIN_GROUP } from '../auth/account-gate';
import type { DirectorySettings } from './directory-settings';

export function gatehouseGroupName(directoryName: string): string | null {
  const name = directoryName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return /^[a-z0-9][a-z0-9_-]{0,39}$/.test(name) ? name : null;
}

export type GroupVerdict = {
  /** Gatehouse group names the directory gives this user (imported groups, plus `admins` for the admin group). */
  gatehouseGroups: string[];
  /** In an allowed group (or no allowed groups are configured). */
  allowed: boolean;
  admin: boolean;
};

export function judgeDirectoryGroups(settings: Pick<DirectorySettings, 'importGroups' | 'allowedGroups' | 'adminGroup'>, groups: string[]): GroupVerdict {
  const lower = groups.map((g) => g.toLowerCase());
  const admin = settings.adminGroup !== null && lower.includes(settings.adminGroup);
  const allowed = settings.allowedGroups.length === 0 || settings.allowedGroups.some((g) => lower.includes(g));
  const imported = settings.importGroups.length === 0 ? groups : groups.filter((g) => settings.importGroups.includes(g.toLowerCase()));
  const names = new Set(imported.map(gatehouseGroupName).filter((n): n is string => n !== null));
  if (admin) names.add(ADMIN_GROUP);
  return { gatehouseGroups: [...names].sort(), allowed, admin };
}
