/** One group with its members (the first 500) and the access rules that name it. */
import type { DbOrTx } from '../db';
import { listRules } from '../rules/list-rules';
import { rulesReferencingGroup } from './group-rules';
import type { GroupSummary } from './list-groups';

export type GroupMember = { id: string; username: string; displayName: string; email: string; status: string };
export type GroupDetail = GroupSummary & { memberList: GroupMember[]; moreMembers: number };

const MEMBER_PAGE = 500;

export async function getGroup(db: DbOrTx, groupId: string): Promise<GroupDetail | null> {
  const group = await db.group.findUnique({
    where: { id: groupId },
    select: { id: true, name: true, description: true, createdAt: true, _count: { select: { members: true } } },
  });
  if (!group) return null;
  const members = await db.userGroup.findMany({
    where: { groupId },
    orderBy: { user: { username: 'asc' } },
    take: MEMBER_PAGE,
    select: { user: { select: { id: true, username: true, displayName: true, email: true, status: true } } },
  });
  const { _count, ...rest } = group;
  return {
    ...rest,
    members: _count.members,
    rules: rulesReferencingGroup(await listRules(db), group.name),
    memberList: members.map((m) => m.user),
    moreMembers: Math.max(0, _count.members - members.length),
  };
}
