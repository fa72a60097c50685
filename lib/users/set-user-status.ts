/**
 * An admin disables or re-enables an account. Disabling ends every session and revokes every
 * device token in the same transaction as the status change and its audit event; then, after
 * the commit, the user's Paperless account is deactivated too (is_active=false), so neither a
 * cookie, a device token nor Paperless's own token works any more. Enabling reverses the
 * Paperless side (provisioning sets is_active=true); revoked tokens stay revoked.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import { lockAdminCount, otherActiveAdmins } from './admin-guard';
import type { RequestMeta } from '../http/request-meta-types';
import { deactivatePaperlessUser, provisionPaperlessUser } from '../paperless/provision-user';
import { endAccountAccess } from './end-account-access';

/** `paperless`: what happened on the Paperless side ('' when nothing had to), and whether it worked. */
export type StatusChange = {
  username: string;
  status: 'active' | 'disabled';
  sessionsEnded: number;
  tokensRevoked: number;
  paperless: { ok: boolean; message: string };
};

export async function setUserStatus(
  db: Db,
  input: { userId: string; status: 'active' | 'disabled'; actor: AuditParty; meta: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch },
): Promise<StatusChange> {
  if (input.status === 'disabled' && input.userId === input.actor.id) throw new AppError('CONFLICT', 'You cannot disable your own account.');
  const done = await db.$transaction(async (tx) => {
    await lockAdminCount(tx);
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, username: true, status: true, groups: { select: { group: { select: { name: true } } } } },
    });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist.');
    if (input.status === 'active' && user.status !== 'disabled') throw new AppError('CONFLICT', `${user.username} is ${user.status}, not disabled.`);
    if (input.status === 'disabled' && user.status === 'disabled') throw new AppError('CONFLICT', `${user.username} is already disabled.`);
    if (input.status === 'disabled' && user.groups.some((g) => g.group.name === ADMIN_GROUP)) {
      if ((await otherActiveAdmins(tx, user.id)) === 0) throw new AppError('CONFLICT', `${user.username} is the last active admin and cannot be disabled.`);
    }
    await tx.user.update({ where: { id: user.id }, data: { status: input.status, statusChangedAt: new Date(), statusChangedById: input.actor.id } });
    const ended = input.status === 'disabled' ? await endAccountAccess(tx, user.id) : { sessionHashes: [], tokenHashes: [], oidcRevoked: 0 };
    await logEvent(tx, {
      type: input.status === 'disabled' ? 'user.disabled' : 'user.enabled',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { from: user.status, sessionsEnded: ended.sessionHashes.length, devicesRevoked: ended.tokenHashes.length, oidcObjectsRevoked: ended.oidcRevoked },
    });
    return { username: user.username, ...ended };
  });

  let paperless: StatusChange['paperless'];
  if (input.status === 'disabled') {
    paperless = await deactivatePaperlessUser(db, { userId: input.userId, actor: input.actor, meta: input.meta, env: input.env, fetch: input.fetch }).then(
      (outcome) => ({ ok: true, message: outcome === 'deactivated' ? 'Their Paperless account is deactivated.' : '' }),
      (error: AppError) => ({ ok: false, message: `${error.userMessage} Deactivate the account in Paperless by hand.` }),
    );
  } else {
    const account = await db.paperlessAccount.findUnique({ where: { userId: input.userId }, select: { userId: true } });
    paperless = account
      ? await provisionPaperlessUser(db, { userId: input.userId, actor: input.actor, meta: input.meta, env: input.env, fetch: input.fetch }).then(
          () => ({ ok: true, message: 'Their Paperless account is active again.' }),
          (error: AppError) => ({ ok: false, message: `${error.userMessage} Re-activate the account in Paperless by hand.` }),
        )
      : { ok: true, message: '' };
  }
  return { username: done.username, status: input.status, sessionsEnded: done.sessionHashes.length, tokensRevoked: done.tokenHashes.length, paperless };
}
