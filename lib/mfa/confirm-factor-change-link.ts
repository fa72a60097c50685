/**
 * The button behind a factor-change link: uses the link (once, in the browser that asked) and
 * carries out what it allows (carry-out-factor-change), in one transaction with its audit events.
 */
import { logEvent } from '../audit/log-event';
import { sha256Hex } from '../crypto';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken } from '../links/one-time-token';
import { carryOutFactorChange, type ChangeEnv, type ChangeUser, type FactorChangeOutcome, noticeAfterChange } from './carry-out-factor-change';
import { FACTOR_CHANGE_LINK_PROBLEMS, inspectFactorChangeLink } from './inspect-factor-change-link';

export type { FactorChangeOutcome } from './carry-out-factor-change';

export async function confirmFactorChangeLink(
  db: Db,
  input: { token: string; user: ChangeUser; browserId: string | null; meta: RequestMeta; env: ChangeEnv; now?: Date },
): Promise<FactorChangeOutcome> {
  const now = input.now ?? new Date();
  const state = await inspectFactorChangeLink(db, { token: input.token, userId: input.user.id, browserId: input.browserId, now });
  const actor = { id: input.user.id, name: input.user.username };
  if (state.status !== 'ok') {
    await logEvent(db, { type: 'mfa.device_link_used', outcome: 'failure', actor, meta: input.meta, data: { reason: state.status } });
    throw new AppError(
      state.status === 'other-browser' || state.status === 'other-user' ? 'FORBIDDEN' : 'GONE',
      `${FACTOR_CHANGE_LINK_PROBLEMS[state.status].title}. ${FACTOR_CHANGE_LINK_PROBLEMS[state.status].message}`,
    );
  }
  const browserId = input.browserId!;
  const outcome = await db.$transaction(async (tx): Promise<FactorChangeOutcome> => {
    await consumeFactorChangeLink(tx, { linkId: state.id, userId: input.user.id, browserId, now });
    await logEvent(tx, { type: 'mfa.device_link_used', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { action: state.action } });
    return carryOutFactorChange(tx, { change: state, user: input.user, browserId, meta: input.meta, env: input.env, now });
  });
  await noticeAfterChange(outcome, input);
  return outcome;
}

/**
 * Uses the link inside the caller's transaction: consumes it atomically and checks it is still
 * this user's and this browser's. Throws AppError when it can no longer be used.
 */
export async function consumeFactorChangeLink(tx: Tx, input: { linkId: string; userId: string; browserId: string; now: Date }): Promise<void> {
  const row = await tx.oneTimeToken.findUnique({ where: { id: input.linkId }, select: { userId: true, deviceHash: true } });
  if (!row || row.userId !== input.userId || row.deviceHash !== sha256Hex(input.browserId))
    throw new AppError('FORBIDDEN', FACTOR_CHANGE_LINK_PROBLEMS['other-browser'].title);
  if (!(await consumeOneTimeToken(tx, input.linkId, input.now)))
    throw new AppError('GONE', 'This link has just been used or has expired. Ask for a new one on the Security page.');
}
