/**
 * An administrator approves or denies a factor-change request (request-factor-change-approval).
 * Approving needs sudo mode (the access table: a recent re-proof) and a second factor of the
 * admin's own; nobody decides their own request. The decision is one guarded update (pending,
 * not expired, link unused, not the admin's own) with its audit event in the same transaction:
 * of two decisions racing, exactly one matches; the other is told why it did not.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { whyUndecidable } from './judge-factor-change-request';

export type Decision = 'approve' | 'deny';

export async function decideFactorChangeRequest(
  db: Db,
  input: { requestId: string; decision: Decision; actor: AuditParty; meta: RequestMeta; now?: Date },
): Promise<{ username: string }> {
  const now = input.now ?? new Date();
  if (input.decision === 'approve') {
    const own = await db.secondFactor.count({ where: { userId: input.actor.id } });
    if (own === 0) throw new AppError('FORBIDDEN', 'Add a second factor of your own before approving changes to other people’s.');
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.factorChangeRequest.updateMany({
      where: { id: input.requestId, status: 'pending', expiresAt: { gt: now }, userId: { not: input.actor.id }, link: { usedAt: null } },
      data: { status: input.decision === 'approve' ? 'approved' : 'denied', decidedAt: now, decidedById: input.actor.id, decidedByName: input.actor.name },
    });
    const row = await tx.factorChangeRequest.findUnique({
      where: { id: input.requestId },
      select: {
        id: true,
        userId: true,
        browserHash: true,
        action: true,
        status: true,
        expiresAt: true,
        link: { select: { usedAt: true } },
        user: { select: { username: true } },
      },
    });
    if (count !== 1 || !row) {
      const reason = whyUndecidable(row && { ...row, linkUsedAt: row.link.usedAt }, { adminId: input.actor.id, now }) ?? 'This request has just changed.';
      throw new AppError(row?.userId === input.actor.id ? 'FORBIDDEN' : 'CONFLICT', reason);
    }
    await logEvent(tx, {
      type: input.decision === 'approve' ? 'mfa.factor_change_approved' : 'mfa.factor_change_denied',
      actor: input.actor,
      target: { type: 'user', id: row.userId, name: row.user.username },
      meta: input.meta,
      data: { action: row.action, request: row.id },
    });
    return { username: row.user.username };
  });
}
