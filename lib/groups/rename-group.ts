/**
 * An admin renames a group. `admins` gives admin rights, so it can be neither renamed nor can
 * another group take its name.
 *
 * Renaming rewrites every access rule that names the group ("group:<old>" → "group:<new>") and
 * every pending invitation, in the same transaction as the rename and its audit event, then the
 * rules reload: a rename never silently turns a rule into one that matches nobody.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { listRules } from '../rules/list-rules';
import { bumpRulesVersion } from '../rules/rules-version';
import { isUniqueViolation } from '../users/assert-identity-free';
import { forgetMembers } from './forget-members';
import { parseGroupName } from './group-name';
import { renameGroupInSubjects } from './group-rules';

/**
 * `expectedName`: the name the form showed. If another admin renamed the group meanwhile, the
 * rename is refused rather than applied to a group the admin did not see.
 */
export async function renameGroup(
  db: Db,
  input: { groupId: string; expectedName: string; newName: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ from: string; to: string; rulesUpdated: number; invitationsUpdated: number }> {
  const to = parseGroupName(input.newName);
  if (to === ADMIN_GROUP) throw new AppError('INVALID', `No other group can be called ${ADMIN_GROUP}: that name gives admin rights.`, 'name');
  try {
    const done = await db.$transaction(async (tx) => {
      const group = await tx.group.findUnique({ where: { id: input.groupId }, select: { id: true, name: true, members: { select: { userId: true } } } });
      if (!group) throw new AppError('NOT_FOUND', 'That group does not exist (any more).');
      if (group.name === ADMIN_GROUP) throw new AppError('CONFLICT', `The ${ADMIN_GROUP} group gives admin rights and cannot be renamed.`);
      if (group.name !== input.expectedName)
        throw new AppError('CONFLICT', `Another admin renamed this group to ${group.name} meanwhile. Nothing was changed: check the new name and try again.`);
      if (group.name === to) throw new AppError('INVALID', `The group is already called ${to}.`, 'name');
      if (await tx.group.findUnique({ where: { name: to }, select: { id: true } }))
        throw new AppError('CONFLICT', `A group named ${to} already exists.`, 'name');
      await tx.group.update({ where: { id: group.id }, data: { name: to } });

      const rules = (await listRules(tx)).filter((r) => r.subjects.some((all) => all.includes(`group:${group.name}`)));
      for (const rule of rules) {
        await tx.accessRule.update({ where: { id: rule.id }, data: { subjects: JSON.stringify(renameGroupInSubjects(rule.subjects, group.name, to)) } });
      }
      if (rules.length) await bumpRulesVersion(tx);
      // Applications name the group too (their generated rules were renamed just above).
      const apps = await tx.application.findMany({ where: { subjects: { contains: `"group:${group.name}"` } }, select: { id: true, subjects: true } });
      for (const app of apps) {
        const subjects = (JSON.parse(app.subjects) as string[]).map((s) => (s === `group:${group.name}` ? `group:${to}` : s));
        await tx.application.update({ where: { id: app.id }, data: { subjects: JSON.stringify(subjects) } });
      }

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
      await forgetMembers(
        tx,
        group.members.map((m) => m.userId),
      );
      return { from: group.name, rulesUpdated: rules.length, invitationsUpdated };
    });
    return { from: done.from, to, rulesUpdated: done.rulesUpdated, invitationsUpdated: done.invitationsUpdated };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `A group named ${to} already exists.`, 'name');
    throw error;
  }
}
