/**
 * An admin revokes all of a user's app tokens (Paperless) from the user's page. The change and its audit
 * event commit together; caches forget at once.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { revokeAllAppTokens } from '../paperless/app-tokens';
import { announceAppTokenChange } from '../paperless/app-token-events';

export async function revokeAllAppTokensOf(
  db: Db,
  input: { userId: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ username: string; revoked: number }> {
  const done = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, username: true } });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist (any more).');
    const hashes = await revokeAllAppTokens(tx, { userId: user.id, revokedById: input.actor.id });
    if (hashes.length) {
      await logEvent(tx, {
        type: 'device_token.revoked',
        actor: input.actor,
        target: { type: 'user', id: user.id, name: user.username },
        meta: input.meta,
        data: { all: true, count: hashes.length, byAdmin: true },
      });
    }
    if (hashes.length) await announceAppTokenChange(tx, { tokenHashes: hashes });
    return { username: user.username, hashes };
  });
  return { username: done.username, revoked: done.hashes.length };
}
