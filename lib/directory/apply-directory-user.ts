/**
 * Brings a Gatehouse account in line with its directory entry, inside the caller's transaction
 * (sign-in and the periodic sync both use it, so groups change the same way in both): the
 * profile (email when free, display name, DN, stable id) and the memberships that came from the
 * directory. Only `source = directory` memberships are added and removed; a membership an admin
 * set by hand (`manual`) is kept, and a group the directory also gives stays manual. The
 * directory's admin group gives `admins`; the last active admin keeps it (logged as kept).
 * Writes the `user.groups_changed` audit event when memberships changed, and announces the change
 * in the same transaction (lib/events/announce.ts).
 *
 * Exported (stable): `applyDirectoryUser(tx, userId, directoryUser, settings) → AppliedDirectoryUser`.
 */
import { logEvent } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Tx } from '../db';
import { announceAppTokenChange } from '../paperless/app-token-events';
import { announceRevocation } from '../sessions/revocation-bus';
import { lockAdminCount, otherActiveAdmins } from '../users/admin-guard';
import { ensureGroups } from '../users/ensure-groups';
import { judgeDirectoryGroups } from './directory-groups';
import type { DirectorySettings } from './directory-settings';
import type { DirectoryUser } from './map-directory-entry';

export type AppliedDirectoryUser = { added: string[]; removed: string[]; keptLastAdmin: boolean; groups: string[] };

/** "Given Family", the display name, or the username: what the profile shows. */
export function displayNameOf(user: DirectoryUser): string {
  const joined = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return (user.displayName ?? (joined || user.username)).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 100) || user.username;
}

export async function applyDirectoryUser(tx: Tx, userId: string, directoryUser: DirectoryUser, settings: DirectorySettings): Promise<AppliedDirectoryUser> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, username: true, email: true, status: true, groups: { select: { groupId: true, source: true, group: { select: { name: true } } } } },
  });
  const emailFree =
    directoryUser.email !== null &&
    directoryUser.email !== user.email &&
    !(await tx.user.findFirst({ where: { email: directoryUser.email, NOT: { id: userId } }, select: { id: true } }));
  await tx.user.update({
    where: { id: userId },
    data: {
      authSource: 'directory',
      directoryDn: directoryUser.dn,
      directoryUid: directoryUser.uid,
      displayName: displayNameOf(directoryUser),
      ...(emailFree ? { email: directoryUser.email! } : {}),
    },
  });

  const wanted = judgeDirectoryGroups(settings, directoryUser.groups).gatehouseGroups;
  const current = new Map(user.groups.map((g) => [g.group.name, g]));
  const added = wanted.filter((name) => !current.has(name));
  let removed = user.groups.filter((g) => g.source === 'directory' && !wanted.includes(g.group.name)).map((g) => g.group.name);
  let keptLastAdmin = false;
  if (removed.includes(ADMIN_GROUP) && user.status === 'active') await lockAdminCount(tx);
  if (removed.includes(ADMIN_GROUP) && user.status === 'active' && (await otherActiveAdmins(tx, userId)) === 0) {
    removed = removed.filter((name) => name !== ADMIN_GROUP);
    keptLastAdmin = true;
  }
  if (removed.length) {
    const ids = user.groups.filter((g) => removed.includes(g.group.name)).map((g) => g.groupId);
    await tx.userGroup.deleteMany({ where: { userId, groupId: { in: ids }, source: 'directory' } });
  }
  if (added.length) {
    const groups = await ensureGroups(tx, added);
    await tx.userGroup.createMany({ data: groups.map((g) => ({ userId, groupId: g.id, source: 'directory' })) });
  }
  const groups = [...new Set([...[...current.keys()].filter((n) => !removed.includes(n)), ...added])].sort();
  if (added.length || removed.length || keptLastAdmin) {
    await logEvent(tx, {
      type: 'user.groups_changed',
      target: { type: 'user', id: userId, name: user.username },
      data: { source: 'directory', added: added.join(','), removed: removed.join(','), groups: groups.join(','), keptLastAdmin },
    });
  }
  if (added.length || removed.length) {
    // The verify caches and app tokens forget the user's answers once this commits, on every instance.
    await announceRevocation(tx, { userIds: [userId] });
    await announceAppTokenChange(tx, { userIds: [userId] });
  }
  return { added, removed, keptLastAdmin, groups };
}
