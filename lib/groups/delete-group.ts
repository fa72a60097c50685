/**
 * An admin deletes a group. `admins` cannot be deleted. Deleting is refused while a rule names
 * the group (the refusal lists the rules), because a rule naming a group that no longer exists
 * would quietly stop granting (or denying) anything.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { listRules } from '../rules/list-rules';
import { forgetMembers } from './forget-members';
import { describeReferences, rulesReferencingGroup } from './group-rules';

/**
 * `expectedMembers`: the member count the confirmation named. Refused while a rule names the
 * group, and when the membership changed since the confirmation was shown.
 */
export async function deleteGroup(
  db: Db,
  input: { groupId: string; expectedMembers: number; actor: AuditParty; meta: RequestMeta },
): Promise<{ name: string; members: number }> {
  const done = await db.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true, members: { select: { userId: true } } } });
    if (!group) throw new AppError('NOT_FOUND', 'That group does not exist (any more).');
    if (group.name === ADMIN_GROUP) throw new AppError('CONFLICT', `The ${ADMIN_GROUP} group gives admin rights and cannot be deleted.`);
    const refs = rulesReferencingGroup(await listRules(tx), group.name);
    if (refs.length) {
      throw new AppError(
        'CONFLICT',
        `${group.name} is used by access rule${refs.length === 1 ? '' : 's'} ${describeReferences(refs)}. Change or delete ${refs.length === 1 ? 'that rule' : 'those rules'} first (Admin → Access rules).`,
      );
    }
    if (group.members.length !== input.expectedMembers) {
      throw new AppError(
        'CONFLICT',
        `${group.name} now has ${group.members.length} member${group.members.length === 1 ? '' : 's'}, not ${input.expectedMembers}: another admin changed it meanwhile. Nothing was deleted; look again and confirm.`,
      );
    }
    await tx.group.delete({ where: { id: group.id } });
    await logEvent(tx, {
      type: 'group.deleted',
      actor: input.actor,
      target: { type: 'group', id: group.id, name: group.name },
      meta: input.meta,
      data: { members: group.members.length },
    });
    await forgetMembers(
      tx,
      group.members.map((m) => m.userId),
    );
    return { name: group.name, members: group.members.map((m) => m.userId) };
  });
  return { name: done.name, members: done.members.length };
}
