import type { DbOrTx } from '../db';
import { listRules } from '../rules/list-rules';
import { rulesReferencingGroup, type RuleReference } from './group-rules';

export type GroupSummary = { id: string; name: string; description: string; createdAt: Date; members: number; rules: RuleReference[] };

/** Every group, by name. Groups are few (tens), rules are few (tens): all in memory. */
export async function listGroups(db: DbOrTx): Promise<GroupSummary[]> {
  const [groups, rules] = [
    await db.group.findMany({
      orderBy: { name: 'asc' },
      select: { id: true, name: true, description: true, createdAt: true, _count: { select: { members: true } } },
    }),
    await listRules(db),
  ];
  return groups.map(({ _count, ...g }) => ({ ...g, members: _count.members, rules: rulesReferencingGroup(rules, g.name) }));
}
