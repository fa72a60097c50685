/**
 * An admin sends a user a fresh set-password link (after a failed delivery, or a forgotten
 * password). Older unused links of that user stop working. A directory account gets none: its
 * password is the directory's.
 */
import type { AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { issueOneTimeToken } from '../links/one-time-token';
import { refuseDirectoryPasswordLink } from './directory-password';
import { mailPasswordLink, type PasswordLinkDelivery } from './mail-password-link';

export async function sendPasswordLink(
  db: Db,
  input: { userId: string; actor: AuditParty; meta: RequestMeta; baseUrl: string; appName: string; passwordLinkTtlMs: number; now?: Date },
): Promise<PasswordLinkDelivery> {
  const now = input.now ?? new Date();
  const issued = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, username: true, email: true, displayName: true, status: true, lastSignInAt: true, authSource: true },
    });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist.');
    refuseDirectoryPasswordLink(user);
    if (user.status !== 'active') throw new AppError('CONFLICT', `${user.username} is ${user.status}: activate the account before sending a password link.`);
    await tx.oneTimeToken.updateMany({
      where: { userId: user.id, purpose: 'password_set', usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const { token } = await issueOneTimeToken(tx, {
      purpose: 'password_set',
      userId: user.id,
      createdById: input.actor.id,
      ttlMs: input.passwordLinkTtlMs,
      now,
    });
    return { user, token };
  });
  return mailPasswordLink(db, {
    ...input,
    userId: issued.user.id,
    username: issued.user.username,
    email: issued.user.email,
    displayName: issued.user.displayName,
    token: issued.token,
    isNewAccount: issued.user.lastSignInAt === null,
  });
}
