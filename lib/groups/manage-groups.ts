/**
 * Groups as admins manage them: list (with member counts and the access rules that name them),
 * create, rename, delete, and remove a member. `admins` gives admin rights, so it can be neither
 * renamed nor deleted, nor can another group take its name.
 *
 * Renaming rewrites every access rule that names the group ("group:<old>" → "group:<new>") and
 * every pending invitation, in the same transaction as the rename and its audit event, then the
 * rules reload: a rename never silently turns a rule into one that matches nobody. Deleting is
 * refused while a rule names the group (the refusal lists the rules), because a rule naming a
 * group that no longer exists would quietly stop granting (or denying) anything.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db, DbOrTx } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { listRules } from '../rules/list-rules';
import { announceRulesChanged, bumpRulesVersion } from '../rules/rules-version';
import { publishRevocation } from '../sessions/revocation-bus';
import { lockAdminCount, otherActiveAdmins } from '../users/admin-guard';
import { ZGroupName } from '../users/schemas';
import { publishDeviceTokenChange } from '../verify/device-token-events';
import { describeReferences, renameGroupInSubjects, rulesReferencingGroup, type RuleReference } from './group-rules';

export type GroupSummary = { id: string; name: string; description: string; createdAt: Date; members: number; rules: RuleReference[] };
export type GroupMember = { id: string; username: string; displayName: string; email: string; status: string };
export type GroupDetail = GroupSummary & { memberList: GroupMember[]; moreMembers: number };

const MEMBER_PAGE = 500;

/** Every group, by name. Groups are few (tens), rules are few (tens): all in memory. */
export async function listGroups(db: DbOrTx): Promise<GroupSummary[]> {
  const [groups, rules] = [
    await db.group.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, description: true, createdAt: true, _count: { select: { members: true } } } }),
    await listRules(db),
  ];
  return groups.map(({ _count, ...g }) => ({ ...g, members: _count.members, rules: rulesReferencingGroup(rules, g.name) }));
}

/** Just the names, for filters and pickers. */
export async function listGroupNames(db: DbOrTx): Promise<string[]> {
  return (await db.group.findMany({ orderBy: { name: 'asc' }, select: { name: true }, take: 1000 })).map((g) => g.name);
}

export async function getGroup(db: DbOrTx, groupId: string): Promise<GroupDetail | null> {
  const group = await db.group.findUnique({ where: { id: groupId }, select: { id: true, name: true, description: true, createdAt: true, _count: { select: { members: true } } } });
  if (!group) return null;
  const members = await db.userGroup.findMany({
    where: { groupId },
    orderBy: { user: { username: 'asc' } },
    take: MEMBER_PAGE,
    select: { user: { select: { id: true, username: true, displayName: true, email: true, status: true } } },
  });
  const { _count, ...rest } = group;
  return { ...rest, members: _count.members, rules: rulesReferencingGroup(await listRules(db), group.name), memberList: members.map((m) => m.user), moreMembers: Math.max(0, _count.members - members.length) };
}

function parseName(raw: string, field = 'name'): string {
  const parsed = ZGroupName.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID', parsed.error.issues[0]?.message ?? 'That is not a valid group name.', field);
  return parsed.data;
}

/** Members' cached answers at the verify endpoint carry the group names: forget them. */
function forgetMembers(userIds: string[]): void {
  if (!userIds.length) return;
  publishRevocation({ userIds });
  publishDeviceTokenChange({ userIds });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

export async function createGroup(db: Db, input: { name: string; description?: string; actor: AuditParty; meta: RequestMeta }): Promise<{ id: string; name: string }> {
  const name = parseName(input.name);
  const description = (input.description ?? '').trim().slice(0, 200);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.group.findUnique({ where: { name }, select: { id: true } })) throw new AppError('CONFLICT', `A group named ${name} already exists.`, 'name');
      const group = await tx.group.create({ data: { name, description }, select: { id: true, name: true } });
      await logEvent(tx, { type: 'group.created', actor: input.actor, target: { type: 'group', id: group.id, name }, meta: input.meta });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `A group named ${name} already exists.`, 'name');
    throw error;
  }
}

/**
 * `expectedName`: the name the form showed. If another admin renamed the group meanwhile, the
 * rename is refused rather than applied to a group the admin did not see.
 */
export async function renameGroup(
  db: Db,
  input: { groupId: string; expectedName: string; newName: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ from: string; to: string; rulesUpdated: number; invitationsUpdated: number }> {
  const to = parseName(input.newName);
  if (to === ADMIN_GROUP) throw new AppError('INVALID', `No other group can be called ${ADMIN_GROUP}: that name gives admin rights.`, 'name');
  try {
    const done = await db.$transaction(async (tx) => {
      const group = await tx.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true, members: { select: { userId: true } } } });
      if (!group) throw new AppError('NOT_FOUND', 'That group does not exist (any more).');
      if (group.name === ADMIN_GROUP) throw new AppError('CONFLICT', `The ${ADMIN_GROUP} group gives admin rights and cannot be renamed.`);
      if (group.name !== input.expectedName) throw new AppError('CONFLICT', `Another admin renamed this group to ${group.name} meanwhile. Nothing was changed: check the new name and try again.`);
      if (group.name === to) throw new AppError('INVALID', `The group is already called ${to}.`, 'name');
      if (await tx.group.findUnique({ where: { name: to }, select: { id: true } })) throw new AppError('CONFLICT', `A group named ${to} already exists.`, 'name');
      await tx.group.update({ where: { id: group.id }, data: { name: to } });

      const rules = (await listRules(tx)).filter((r) => r.subjects.some((all) => all.includes(`group:${group.name}`)));
      for (const rule of rules) {
        await tx.accessRule.update({ where: { id: rule.id }, data: { subjects: JSON.stringify(renameGroupInSubjects(rule.subjects, group.name, to)) } });
      }
      if (rules.length) await bumpRulesVersion(tx);

      let invitationsUpdated = 0;
      const invitations = await tx.invitation.findMany({ where: { usedAt: null, revokedAt: null }, select: { id: true, groups: true } });
      for (const invitation of invitations) {
        let names: unknown;
        try {
          names = JSON.parse(invitation.groups);
        } catch {
          continue;
        }
        if (!Array.isArray(names) || !names.includes(group.name)) continue;
        const renamed = [...new Set(names.map((n) => (n === group.name ? to : n)))];
        await tx.invitation.update({ where: { id: invitation.id }, data: { groups: JSON.stringify(renamed) } });
        invitationsUpdated++;
      }
      await logEvent(tx, {
        type: 'group.renamed',
        actor: input.actor,
        target: { type: 'group', id: group.id, name: to },
        meta: input.meta,
        data: { from: group.name, to, rulesUpdated: rules.length, invitationsUpdated },
      });
      return { from: group.name, rulesUpdated: rules.length, invitationsUpdated, members: group.members.map((m) => m.userId) };
    });
    if (done.rulesUpdated) announceRulesChanged();
    forgetMembers(done.members);
    return { from: done.from, to, rulesUpdated: done.rulesUpdated, invitationsUpdated: done.invitationsUpdated };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `A group named ${to} already exists.`, 'name');
    throw error;
  }
}

/**
 * `expectedMembers`: the member count the confirmation named. Refused while a rule names the
 * group, and when the membership changed since the confirmation was shown.
 */
export async function deleteGroup(db: Db, input: { groupId: string; expectedMembers: number; actor: AuditParty; meta: RequestMeta }): Promise<{ name: string; members: number }> {
  const done = await db.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true, members: { select: { userId: true } } } });
    if (!group) throw new AppError('NOT_FOUND', 'That group does not exist (any more).');
    if (group.name === ADMIN_GROUP) throw new AppError('CONFLICT', `The ${ADMIN_GROUP} group gives admin rights and cannot be deleted.`);
    const refs = rulesReferencingGroup(await listRules(tx), group.name);
    if (refs.length) {
      throw new AppError('CONFLICT', `${group.name} is used by access rule${refs.length === 1 ? '' : 's'} ${describeReferences(refs)}. Change or delete ${refs.length === 1 ? 'that rule' : 'those rules'} first (Admin → Access rules).`);
    }
    if (group.members.length !== input.expectedMembers) {
      throw new AppError('CONFLICT', `${group.name} now has ${group.members.length} member${group.members.length === 1 ? '' : 's'}, not ${input.expectedMembers}: another admin changed it meanwhile. Nothing was deleted; look again and confirm.`);
    }
    await tx.group.delete({ where: { id: group.id } });
    await logEvent(tx, { type: 'group.deleted', actor: input.actor, target: { type: 'group', id: group.id, name: group.name }, meta: input.meta, data: { members: group.members.length } });
    return { name: group.name, members: group.members.map((m) => m.userId) };
  });
  forgetMembers(done.members);
  return { name: done.name, members: done.members.length };
}

/** Removes one member; the last active admin cannot be removed from `admins`. Audited as a change of the user's groups. */
export async function removeGroupMember(db: Db, input: { groupId: string; userId: string; sudo: boolean; actor: AuditParty; meta: RequestMeta }): Promise<{ group: string; username: string }> {
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
    return { group: membership.group.name, username: membership.user.username };
  });
  forgetMembers([input.userId]);
  return done;
}
