/** Which Gatehouse groups put their members in which Paperless group (admin's Paperless page). */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import type { PaperlessGroup } from './client';
import { adminClient, requireConnection } from './connection';
import { groupPermissionWarnings, type GroupWarning } from './plan-groups';
import { paperlessProblem } from './provision-user';

export type MappingOverview = {
  gatehouseGroups: { id: string; name: string; members: number; paperlessGroupId: number | null; paperlessGroupName: string | null }[];
  paperlessGroups: PaperlessGroup[] | null;
  /** Why Paperless's groups could not be read, when they could not. */
  problem: string | null;
  warnings: GroupWarning[];
};

export async function mappingOverview(db: Db, input: { env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch }): Promise<MappingOverview> {
  const groups = await db.group.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, paperless: { select: { paperlessGroupId: true, paperlessGroupName: true } }, _count: { select: { members: true } } },
  });
  const gatehouseGroups = groups.map((g) => ({
    id: g.id,
    name: g.name,
    members: g._count.members,
    paperlessGroupId: g.paperless?.paperlessGroupId ?? null,
    paperlessGroupName: g.paperless?.paperlessGroupName ?? null,
  }));
  let paperlessGroups: PaperlessGroup[] | null = null;
  let problem: string | null = null;
  try {
    paperlessGroups = await adminClient(await requireConnection(db, input.env), input.fetch).listGroups();
  } catch (error) {
    problem = paperlessProblem(error, 'read the Paperless groups').userMessage;
  }
  const mappedIds = gatehouseGroups.flatMap((g) => (g.paperlessGroupId === null ? [] : [g.paperlessGroupId]));
  return { gatehouseGroups, paperlessGroups, problem, warnings: paperlessGroups ? groupPermissionWarnings(paperlessGroups, mappedIds) : [] };
}

export async function setGroupMapping(
  db: Db,
  input: { groupId: string; paperlessGroupId: number | null; actor: AuditParty; meta: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch },
): Promise<{ warnings: GroupWarning[] }> {
  const group = await db.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true } });
  if (!group) throw new AppError('NOT_FOUND', 'That Gatehouse group does not exist.');
  let chosen: PaperlessGroup | null = null;
  let warnings: GroupWarning[] = [];
  if (input.paperlessGroupId !== null) {
    let groups: PaperlessGroup[];
    try {
      groups = await adminClient(await requireConnection(db, input.env), input.fetch).listGroups();
    } catch (error) {
      throw paperlessProblem(error, 'read the Paperless groups');
    }
    chosen = groups.find((g) => g.id === input.paperlessGroupId) ?? null;
    if (!chosen) throw new AppError('INVALID', 'That Paperless group does not exist (any more): reload the page.', 'paperlessGroupId');
    warnings = groupPermissionWarnings(groups, [chosen.id]);
  }
  await db.$transaction(async (tx) => {
    if (chosen) {
      const data = { paperlessGroupId: chosen.id, paperlessGroupName: chosen.name };
      await tx.paperlessGroupMapping.upsert({ where: { groupId: group.id }, create: { groupId: group.id, ...data }, update: data });
    } else {
      await tx.paperlessGroupMapping.deleteMany({ where: { groupId: group.id } });
    }
    await logEvent(tx, {
      type: 'paperless.group_mapped',
      actor: input.actor,
      target: { type: 'group', id: group.id, name: group.name },
      meta: input.meta,
      data: { paperlessGroup: chosen?.name ?? null },
    });
  });
  return { warnings };
}
