/**
 * An admin ends all of a user's sessions from the user's page; each end is audited and caches
 * forget at once.
 */
import type { AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { revokeUserSessions } from '../sessions/revoke-session';

async function userName(db: Db, userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true } });
  if (!user) throw new AppError('NOT_FOUND', 'That user does not exist (any more).');
  return user.username;
}

/** Every active session of the user; audited as session.revoked (reason admin). */
export async function revokeAllSessionsOf(
  db: Db,
  input: { userId: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ username: string; ended: number }> {
  const username = await userName(db, input.userId);
  const ended = await revokeUserSessions(db, { userId: input.userId, actor: input.actor, reason: 'admin', meta: input.meta });
  return { username, ended };
}
