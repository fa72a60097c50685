/** A user renames one of their own second factors. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';

export async function renameFactor(db: Db, input: { userId: string; factorId: string; name: string; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const factor = await tx.secondFactor.findFirst({ where: { id: input.factorId, userId: input.userId }, select: { name: true } });
    if (!factor) throw new AppError('NOT_FOUND', 'That second factor does not exist or is not yours.');
    await tx.secondFactor.update({ where: { id: input.factorId }, data: { name: input.name } });
    await logEvent(tx, {
      type: 'mfa.factor_renamed',
      actor: input.actor,
      target: { type: 'factor', id: input.factorId, name: input.name },
      meta: input.meta,
      data: { from: factor.name },
    });
  });
}
