/**
 * An admin replaces a user's groups. The form carries the groups it was rendered with
 * (`expectedGroups`): when another admin changed them meanwhile, nothing is overwritten and the
 * admin is told what they are now. Missing groups are created (as when creating a user). The
 * last active admin cannot be taken out of `admins`. The change and its audit event commit
 * together; the verify endpoint forgets the user's cached answers (their Remote-Groups changed).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { announceRevocation } from '../sessions/revocation-bus';
import { announceAppTokenChange } from '../paperless/app-token-events';
import { lockAdminCount, otherActiveAdmins } from './admin-guard';
import { ensureGroups } from './ensure-groups';
import { groupChanges, normaliseGroups, sameGroups } from './group-diff';

export async function setUserGroups(
  db: Db,
  input: { userId: string; groups: string[]; expectedGroups: string[]; sudo: boolean; actor: AuditParty; meta: RequestMeta },
): Promise<{ username: string; groups: string[]; added: string[]; removed: string[] }> {
  const wanted = normaliseGroups(input.groups);
  const done = await db.$transaction(async (tx) => {
    await lockAdminCount(tx);
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, username: true, status: true, groups: { select: { groupId: true, group: { select: { name: true } } } } },
    });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist (any more).');
    const current = normaliseGroups(user.groups.map((g) => g.group.name));
    if (!sameGroups(current, input.expectedGroups)) {
      throw new AppError(
        'CONFLICT',
        `Another admin changed the groups of ${user.username} meanwhile: they are now ${current.length ? current.join(', ') : '(none)'}. Nothing was changed; reload the page and edit again.`,
      );
    }
    const { added, removed } = groupChanges(current, wanted);
    if (!added.length && !removed.length) return { username: user.username, added, removed };
    // Making or unmaking an admin is sudo mode.
    requireSudoIf(added.includes(ADMIN_GROUP) || removed.includes(ADMIN_GROUP), input.sudo);
    if (removed.includes(ADMIN_GROUP) && user.status === 'active' && (await otherActiveAdmins(tx, user.id)) === 0) {
      throw new AppError('CONFLICT', `${user.username} is the last active admin and cannot be removed from ${ADMIN_GROUP}.`);
    }
    if (removed.length) {
      const ids = user.groups.filter((g) => removed.includes(g.group.name)).map((g) => g.groupId);
      await tx.userGroup.deleteMany({ where: { userId: user.id, groupId: { in: ids } } });
    }
    if (added.length) {
      const groups = await ensureGroups(tx, added);
      await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
    }
    await logEvent(tx, {
      type: 'user.groups_changed',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { added: added.join(','), removed: removed.join(','), groups: wanted.join(',') },
    });
    await announceRevocation(tx, { userIds: [user.id] });
    await announceAppTokenChange(tx, { userIds: [user.id] });
    return { username: user.username, added, removed };
  });
  return { ...done, groups: wanted };
}
