/**
 * The waiting browser continues an approved factor-change request: in one transaction the
 * request goes approved → used (once), the link it unlocks is consumed (so its emailed copy in the
 * outbox no longer works either), and what it allows is carried out (carry-out-factor-change),
 * with the audit events. Only the user who asked, in the browser that asked, before it expires.
 */
import { logEvent } from '../audit/log-event';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { carryOutFactorChange, type ChangeEnv, type ChangeUser, type FactorChangeOutcome, noticeAfterChange } from './carry-out-factor-change';
import { readFactorChangeRequestRow } from './check-factor-change-request';
import { consumeFactorChangeLink } from './confirm-factor-change-link';
import { REQUEST_STATUS_TEXT, judgeRequestForBrowser } from './judge-factor-change-request';
import { isFactorChangeAction } from './judge-factor-change-link';

export async function continueFactorChangeRequest(
  db: Db,
  input: { requestId: string; user: ChangeUser; browserId: string | null; meta: RequestMeta; env: ChangeEnv; now?: Date },
): Promise<FactorChangeOutcome> {
  const now = input.now ?? new Date();
  const actor = { id: input.user.id, name: input.user.username };
  const row = await readFactorChangeRequestRow(db, input.requestId);
  const status = judgeRequestForBrowser(row, { userId: input.user.id, browserHash: input.browserId ? sha256Hex(input.browserId) : null, now });
  if (status !== 'approved' || !row || !input.browserId || !isFactorChangeAction(row.action)) {
    await logEvent(db, { type: 'mfa.factor_change_continued', outcome: 'failure', actor, meta: input.meta, data: { reason: status } });
    if (status === 'pending') throw new AppError('CONFLICT', 'This request is still waiting for an administrator.');
    const text = REQUEST_STATUS_TEXT[status === 'approved' ? 'none' : status];
    throw new AppError(status === 'none' ? 'NOT_FOUND' : 'GONE', `${text.title}. ${text.message}`);
  }
  const browserId = input.browserId;
  const action = row.action;
  const outcome = await db.$transaction(async (tx) => {
    const { count } = await tx.factorChangeRequest.updateMany({
      where: { id: row.id, userId: input.user.id, browserHash: sha256Hex(browserId), status: 'approved', expiresAt: { gt: now } },
      data: { status: 'used' },
    });
    if (count !== 1) throw new AppError('GONE', `${REQUEST_STATUS_TEXT.used.title}. ${REQUEST_STATUS_TEXT.used.message}`);
    const link = await tx.factorChangeRequest.findUniqueOrThrow({ where: { id: row.id }, select: { linkId: true } });
    await consumeFactorChangeLink(tx, { linkId: link.linkId, userId: input.user.id, browserId, now });
    await logEvent(tx, { type: 'mfa.factor_change_continued', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { action, request: row.id } });
    return carryOutFactorChange(tx, {
      change: { action, factorId: row.factorId, returnTo: row.returnTo },
      user: input.user,
      browserId,
      meta: input.meta,
      env: input.env,
      now,
    });
  });
  await noticeAfterChange(outcome, input);
  return outcome;
}
