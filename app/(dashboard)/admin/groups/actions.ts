'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { createGroup } from '@/lib/groups/create-group';
import { deleteGroup } from '@/lib/groups/delete-group';
import { removeGroupMember } from '@/lib/groups/remove-group-member';
import { renameGroup } from '@/lib/groups/rename-group';
import { ZGroupName } from '@/lib/users/schemas';

const Id = z.string().min(1).max(64);

export const createGroupAction = adminAction(
  'app/(dashboard)/admin/groups/actions.ts#createGroupAction',
  z.object({ name: ZGroupName, description: z.string().trim().max(200, 'Keep the description under 200 characters.').optional().default('') }),
  async ({ name, description }, { actor, meta }) => {
    const group = await createGroup(getDb(), { name, description, actor, meta });
    revalidatePath('/admin/groups');
    return { status: 'success', message: `Created the group ${group.name}.`, data: { groupId: group.id } };
  },
);

export const renameGroupAction = adminAction(
  'app/(dashboard)/admin/groups/actions.ts#renameGroupAction',
  z.object({ groupId: Id, expectedName: z.string().max(100), name: ZGroupName }),
  async ({ groupId, expectedName, name }, { actor, meta }) => {
    const done = await renameGroup(getDb(), { groupId, expectedName, newName: name, actor, meta });
    revalidatePath('/admin/groups');
    revalidatePath(`/admin/groups/${groupId}`);
    const also = [
      done.rulesUpdated ? `${done.rulesUpdated} access rule${done.rulesUpdated === 1 ? '' : 's'}` : '',
      done.invitationsUpdated ? `${done.invitationsUpdated} pending invitation${done.invitationsUpdated === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    return {
      status: 'success',
      message: `Renamed ${done.from} to ${done.to}.${also.length ? ` Updated ${also.join(' and ')} to match.` : ''}`,
      values: { name: done.to },
    };
  },
);

export const deleteGroupAction = adminAction(
  'app/(dashboard)/admin/groups/actions.ts#deleteGroupAction',
  z.object({ groupId: Id, expectedMembers: z.coerce.number().int().min(0).max(10_000_000) }),
  async ({ groupId, expectedMembers }, { actor, meta }) => {
    const done = await deleteGroup(getDb(), { groupId, expectedMembers, actor, meta });
    // No revalidatePath: the group's page would re-render as "not found" over the result.
    return {
      status: 'success',
      message: `Deleted the group ${done.name}${done.members ? ` (it had ${done.members} member${done.members === 1 ? '' : 's'})` : ''}.`,
      data: { deleted: done.name },
    };
  },
);

export const removeGroupMemberAction = adminAction(
  'app/(dashboard)/admin/groups/actions.ts#removeGroupMemberAction',
  z.object({ groupId: Id, userId: Id }),
  async ({ groupId, userId }, { actor, sudo, meta }) => {
    const done = await removeGroupMember(getDb(), { groupId, userId, sudo, actor, meta });
    revalidatePath(`/admin/groups/${groupId}`);
    revalidatePath('/admin/groups');
    return { status: 'success', message: `${done.username} is no longer in ${done.group}.` };
  },
);
