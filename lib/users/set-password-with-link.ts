/**
 * Uses a set-password link: stores the new password, ends the user's other sessions (a reset
 * must lock out whoever knew the old one) and signs this browser in, all in one transaction. A
 * directory account's link (should one exist) sets nothing: its password is the directory's.
 */
import { logEvent } from '../audit/log-event';
import { accountGate } from '../auth/account-gate';
import { checkPasswordStrength } from '../auth/password-policy';
import { hashPassword } from '../auth/password/password-hash';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken, describeUnusableLink, inspectOneTimeToken } from '../links/one-time-token';
import { createSession, type NewSession } from '../sessions/create-session';
import { isDirectoryAccount, MANAGED_BY_DIRECTORY } from './directory-password';
import { announceRevocation } from '../sessions/revocation-bus';

export async function setPasswordWithLink(
  db: Db,
  input: { token: string; password: string; meta: RequestMeta; sessionMaxAgeMs: number; now?: Date },
): Promise<NewSession & { userId: string }> {
  const now = input.now ?? new Date();
  const link = await inspectOneTimeToken(db, input.token, 'password_set', now);
  if (link.status !== 'ok' || !link.row.userId) throw new AppError('GONE', describeUnusableLink(link.status === 'ok' ? 'invalid' : link.status).title);
  const user = await db.user.findUnique({
    where: { id: link.row.userId },
    select: { id: true, username: true, email: true, displayName: true, status: true, authSource: true },
  });
  const gate = accountGate(user);
  if (!user || !gate.ok) throw new AppError('FORBIDDEN', gate.ok ? 'This account cannot be used.' : gate.message);
  if (isDirectoryAccount(user)) throw new AppError('CONFLICT', MANAGED_BY_DIRECTORY);
  const strength = checkPasswordStrength(input.password, user);
  if (!strength.ok) throw new AppError('INVALID', strength.message, 'password');
  const passwordHash = await hashPassword(input.password);

  const { session } = await db.$transaction(async (tx) => {
    if (!(await consumeOneTimeToken(tx, link.row.id, now))) throw new AppError('GONE', 'This link has just been used or has expired.');
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, lastSignInAt: now } });
    const others = await tx.session.findMany({ where: { userId: user.id, revokedAt: null }, select: { id: true, tokenHash: true } });
    if (others.length) {
      await tx.session.updateMany({ where: { id: { in: others.map((s) => s.id) } }, data: { revokedAt: now, revokedReason: 'password_set' } });
    }
    const actor = { id: user.id, name: user.username };
    await logEvent(tx, {
      type: 'user.password_set',
      actor,
      target: { type: 'user', ...actor },
      meta: input.meta,
      data: { via: 'link', sessionsEnded: others.length },
    });
    const created = await createSession(tx, {
      userId: user.id,
      level: 'one_factor',
      proof: 'password',
      meta: input.meta,
      maxAgeMs: input.sessionMaxAgeMs,
      now,
    });
    await logEvent(tx, { type: 'auth.sign_in', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method: 'password_link' } });
    if (others.length) await announceRevocation(tx, { tokenHashes: others.map((s) => s.tokenHash) });
    return { session: created };
  });
  return { ...session, userId: user.id };
}
