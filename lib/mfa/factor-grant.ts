/**
 * After a factor-change link is confirmed, the browser gets a short grant (10 minutes) to finish adding
 * the factor: scan the QR code and type a code, or run the security-key ceremony. The grant is
 * another single-use token bound to the same user and browser; for TOTP it carries the pending
 * secret, sealed.
 */
import { sha256Hex } from '../crypto';
import type { DbOrTx, Tx } from '../db';
import { AppError } from '../errors';
import { consumeOneTimeToken, isWellFormedToken } from '../links/one-time-token';

export const GRANT_TTL_MS = 10 * 60_000;

export type GrantAction = 'add_totp' | 'add_webauthn';
export type Grant = { id: string; action: GrantAction; data: { secret?: string } };

export async function inspectGrant(
  db: DbOrTx,
  input: { token: string; userId: string; browserId: string | null; action: GrantAction; now?: Date },
): Promise<Grant> {
  const refuse = (message: string) => new AppError('GONE', message);
  if (!isWellFormedToken(input.token)) throw refuse('This page has expired. Ask for a new link on the Security page.');
  const row = await db.oneTimeToken.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: { id: true, purpose: true, userId: true, expiresAt: true, usedAt: true, deviceHash: true, action: true, data: true },
  });
  if (row?.purpose !== 'factor_grant' || row.action !== input.action || row.userId !== input.userId)
    throw refuse('This page is not valid for your account. Ask for a new link on the Security page.');
  if (row.usedAt) throw refuse('This factor has already been added. Add another from the Security page.');
  if (row.expiresAt.getTime() <= (input.now ?? new Date()).getTime())
    throw refuse('This page has expired (it works for 10 minutes). Ask for a new link on the Security page.');
  if (!input.browserId || row.deviceHash !== sha256Hex(input.browserId))
    throw new AppError('FORBIDDEN', 'Finish adding the factor in the browser where you opened the link.');
  return { id: row.id, action: input.action, data: row.data ? (JSON.parse(row.data) as Grant['data']) : {} };
}

export async function consumeGrant(tx: Tx, grantId: string, now: Date): Promise<void> {
  if (!(await consumeOneTimeToken(tx, grantId, now)))
    throw new AppError('GONE', 'This factor has just been added, or the page expired. Check the Security page.');
}
