/**
 * The sync disables a directory account whose entry is gone, disabled or out of the allowed
 * groups: the status change, the end of every session, app token and OpenID Connect grant
 * (lib/users/end-account-access.ts, the same as an admin's "Disable") and the audit event with
 * the reason commit in one transaction; then the verify caches are told, and the user's
 * Paperless account is deactivated as for an admin's disable. The last active admin is not
 * disabled by a sync: that is reported, and an admin decides (the console still works).
 */
import { logEvent } from '../../audit/log-event';
import { ADMIN_GROUP } from '../../auth/account-gate';
import type { PaperlessEnv, SecretsEnv } from '../../config';
import type { Db } from '../../db';
import { deactivatePaperlessUser } from '../../paperless/provision-user';
import { lockAdminCount, otherActiveAdmins } from '../../users/admin-guard';
import { endAccountAccess } from '../../users/end-account-access';
import { DISABLE_REASON_TEXT, type DisableReason } from './sync-report';
import { SYNC_ACTOR, SYNC_META } from './sync-actor';

export type DisableOutcome = { done: true; sessionsEnded: number; tokensRevoked: number; oidcRevoked: number } | { done: false; message: string };

export async function disableDirectoryAccount(
  db: Db,
  input: { userId: string; reason: DisableReason; env: PaperlessEnv & SecretsEnv; now?: Date; fetch?: typeof fetch },
): Promise<DisableOutcome> {
  const now = input.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    await lockAdminCount(tx);
    // Re-read inside the transaction: only an account still active (or pending) and still the directory's is changed.
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, username: true, status: true, authSource: true, groups: { select: { group: { select: { name: true } } } } },
    });
    if (user?.authSource !== 'directory' || (user.status !== 'active' && user.status !== 'pending')) {
      return { done: false as const, message: 'changed meanwhile: left as it is' };
    }
    if (user.status === 'active' && user.groups.some((g) => g.group.name === ADMIN_GROUP) && (await otherActiveAdmins(tx, user.id)) === 0) {
      return { done: false as const, message: `the last active admin is not disabled by a sync (${DISABLE_REASON_TEXT[input.reason]}): decide by hand` };
    }
    await tx.user.update({
      where: { id: user.id },
      data: {
        status: 'disabled',
        statusChangedAt: now,
        statusChangedById: SYNC_ACTOR.id,
        statusReason: `Disabled by the directory sync: ${DISABLE_REASON_TEXT[input.reason]}.`,
      },
    });
    const ended = await endAccountAccess(tx, user.id, now);
    await logEvent(tx, {
      type: 'user.disabled',
      actor: SYNC_ACTOR,
      target: { type: 'user', id: user.id, name: user.username },
      meta: SYNC_META,
      data: {
        from: user.status,
        by: 'directory_sync',
        reason: input.reason,
        sessionsEnded: ended.sessionHashes.length,
        devicesRevoked: ended.tokenHashes.length,
        oidcObjectsRevoked: ended.oidcRevoked,
      },
    });
    return { done: true as const, ended };
  });
  if (!result.done) return result;
  await deactivatePaperlessUser(db, { userId: input.userId, actor: SYNC_ACTOR, meta: SYNC_META, env: input.env, fetch: input.fetch }).catch((error: unknown) =>
    console.error('[gatehouse] directory sync: the Paperless account could not be deactivated:', (error as Error).message),
  );
  return {
    done: true,
    sessionsEnded: result.ended.sessionHashes.length,
    tokensRevoked: result.ended.tokenHashes.length,
    oidcRevoked: result.ended.oidcRevoked,
  };
}
