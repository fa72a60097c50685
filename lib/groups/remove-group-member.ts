import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { lockAdminCount, otherActiveAdmins } from '../users/admin-guard';
import { forgetMembers } from './forget-members';

/** Removes one member; the last active admin cannot be removed from `admins`. Audited as a change of the user's groups. */
export async function removeGroupMember(
  db: Db,
  input: { groupId: string; userId: string; sudo: boolean; actor: AuditParty; meta: RequestMeta },
): Promise<{ group: string; username: string }> {
  const done = await db.$transaction(async (tx) => {
    await lockAdminCount(tx);
    const membership = await tx.userGroup.findUnique({
      where: { userId_groupId: { userId: input.userId, groupId: input.groupId } },
      select: { group: { select: { name: true } }, user: { select: { id: true, username: true, status: true } } },
    });
    if (!membership) throw new AppError('NOT_FOUND', 'That user is not a member of this group (any more).');
    // Taking someone out of admins unmakes an admin: sudo mode.
    requireSudoIf(membership.group.name === ADMIN_GROUP, input.sudo);
    if (membership.group.name === ADMIN_GROUP && membership.user.status === 'active' && (await otherActiveAdmins(tx, input.userId)) === 0) {
      throw new AppError('CONFLICT', `${membership.user.username} is the last active admin and cannot leave ${ADMIN_GROUP}.`);
    }
    await tx.userGroup.delete({ where: { userId_groupId: { userId: input.userId, groupId: input.groupId } } });
    await logEvent(tx, {
      type: 'user.groups_changed',
      actor: input.actor,
      target: { type: 'user', id: membership.user.id, name: membership.user.username },
      meta: input.meta,
      data: { removed: membership.group.name, added: '' },
    });
    await forgetMembers(tx, [input.userId]);
    return { group: membership.group.name, username: membership.user.username };
  });
  return done;
}
