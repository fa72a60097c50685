/**
 * A one-time set-password link for a user, printed at the server's shell instead of mailed (the
 * locked-out admin, or mail that does not work). Older unused links of that user stop working;
 * the link and its audit event commit together. A directory account gets none (its password is
 * the directory's).
 */
import { logEvent } from '../audit/log-event';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { issueOneTimeToken } from '../links/one-time-token';
import { refuseDirectoryPasswordLink } from '../users/directory-password';
import { CONSOLE_ACTOR, CONSOLE_META } from './console-actor';

/** Ends the user's open set-password links and issues a new one (inside the caller's transaction). */
export async function issuePasswordSetToken(tx: Tx, input: { userId: string; ttlMs: number; now: Date }): Promise<string> {
  await tx.oneTimeToken.updateMany({
    where: { userId: input.userId, purpose: 'password_set', usedAt: null, expiresAt: { gt: input.now } },
    data: { expiresAt: input.now },
  });
  const { token } = await issueOneTimeToken(tx, {
    purpose: 'password_set',
    userId: input.userId,
    createdById: CONSOLE_ACTOR.id,
    ttlMs: input.ttlMs,
    now: input.now,
  });
  return token;
}

export async function issueConsolePasswordLink(
  db: Db,
  input: { username: string; baseUrl: string; passwordLinkTtlMs: number; now?: Date },
): Promise<{ url: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { username: input.username.toLowerCase() },
      select: { id: true, username: true, status: true, authSource: true },
    });
    if (!user) throw new AppError('NOT_FOUND', `No user is called "${input.username}". List the admins with: npm run admin -- list-admins`);
    refuseDirectoryPasswordLink(user);
    if (user.status !== 'active') throw new AppError('CONFLICT', `${user.username} is ${user.status}: a password link would not let them in.`);
    const issued = await issuePasswordSetToken(tx, { userId: user.id, ttlMs: input.passwordLinkTtlMs, now });
    await logEvent(tx, {
      type: 'user.password_link_sent',
      actor: CONSOLE_ACTOR,
      target: { type: 'user', id: user.id, name: user.username },
      meta: CONSOLE_META,
      data: { via: 'console' },
    });
    return issued;
  });
  return { url: `${input.baseUrl}/password/${token}`, expiresAt: new Date(now.getTime() + input.passwordLinkTtlMs) };
}
