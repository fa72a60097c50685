/** An admin revokes an open invitation; a used or already revoked one stays as it is. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';

export async function revokeInvitation(db: Db, input: { invitationId: string; actor: AuditParty; meta: RequestMeta; now?: Date }): Promise<{ email: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { id: input.invitationId }, select: { email: true, usedAt: true, revokedAt: true } });
    if (!row) throw new AppError('NOT_FOUND', 'That invitation does not exist.');
    if (row.usedAt) throw new AppError('CONFLICT', `The invitation for ${row.email} was already used.`);
    if (row.revokedAt) throw new AppError('CONFLICT', `The invitation for ${row.email} is already revoked.`);
    await tx.invitation.update({ where: { id: input.invitationId }, data: { revokedAt: input.now ?? new Date() } });
    await logEvent(tx, { type: 'signup.invitation_revoked', actor: input.actor, meta: input.meta, data: { email: row.email } });
    return { email: row.email };
  });
}
