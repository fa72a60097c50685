/** An admin creates a group; no two groups share a name. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { isUniqueViolation } from '../users/assert-identity-free';
import { parseGroupName } from './group-name';

export async function createGroup(
  db: Db,
  input: { name: string; description?: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ id: string; name: string }> {
  const name = parseGroupName(input.name);
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
