/**
 * An admin deletes an account. The admin types the username to confirm (`confirmUsername`);
 * nobody can delete themself or the last active admin. Sessions and device tokens are revoked
 * first (and the caches told), then the user row goes, with everything that hangs off it
 * (groups, factors, links, identities: ON DELETE CASCADE). The audit trail stays: AuditEvent has
 * no foreign key to User and keeps actorName/targetName, so the deleted user's history still
 * reads by name. Their Paperless account, if any, is deactivated first (best effort: a Paperless
 * outage does not block the deletion, the admin is told to finish by hand).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { revokeOidcForUser } from '../oidc/revoke-grants';
import { revokeAllAppTokens } from '../paperless/app-tokens';
import { deactivatePaperlessUser } from '../paperless/provision-user';
import { announceRevocation } from '../sessions/revocation-bus';
import { announceAppTokenChange } from '../paperless/app-token-events';
import { lockAdminCount, otherActiveAdmins } from './admin-guard';

export type DeletedUser = { username: string; sessionsEnded: number; tokensRevoked: number; paperless: { ok: boolean; message: string } };

export async function deleteUser(
  db: Db,
  input: { userId: string; confirmUsername: string; actor: AuditParty; meta: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch; now?: Date },
): Promise<DeletedUser> {
  if (input.userId === input.actor.id) throw new AppError('CONFLICT', 'You cannot delete your own account.');
  const before = await db.user.findUnique({
    where: { id: input.userId },
    select: { username: true, status: true, groups: { select: { group: { select: { name: true } } } } },
  });
  if (!before) throw new AppError('NOT_FOUND', 'That user does not exist (any more).');
  if (input.confirmUsername.trim().toLowerCase() !== before.username) {
    throw new AppError('INVALID', `Type the username ${before.username} exactly to confirm.`, 'confirmUsername');
  }
  const lastAdmin = () => new AppError('CONFLICT', `${before.username} is the last active admin and cannot be deleted.`);
  // Checked here (so Paperless is left alone when refused) and again inside the transaction.
  if (before.status === 'active' && before.groups.some((g) => g.group.name === ADMIN_GROUP) && (await otherActiveAdmins(db, input.userId)) === 0)
    throw lastAdmin();

  // Paperless first: once the row is gone, Gatehouse no longer knows which Paperless account was theirs.
  const paperless = await deactivatePaperlessUser(db, { userId: input.userId, actor: input.actor, meta: input.meta, env: input.env, fetch: input.fetch }).then(
    (outcome) => ({ ok: true, message: outcome === 'deactivated' ? 'Their Paperless account is deactivated.' : '' }),
    (error: AppError) => ({ ok: false, message: `${error.userMessage} Deactivate the account in Paperless by hand.` }),
  );

  const now = input.now ?? new Date();
  const done = await db.$transaction(async (tx) => {
    await lockAdminCount(tx);
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, username: true, email: true, status: true, groups: { select: { group: { select: { name: true } } } } },
    });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist (any more).');
    if (user.username !== before.username) throw new AppError('CONFLICT', 'That user changed meanwhile. Nothing was deleted; reload the page.');
    const groups = user.groups.map((g) => g.group.name).sort();
    if (groups.includes(ADMIN_GROUP) && user.status === 'active' && (await otherActiveAdmins(tx, user.id)) === 0) {
      throw lastAdmin();
    }
    const sessions = await tx.session.findMany({ where: { userId: user.id, revokedAt: null }, select: { id: true, tokenHash: true } });
    if (sessions.length)
      await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { revokedAt: now, revokedReason: 'account_deleted' } });
    const tokenHashes = await revokeAllAppTokens(tx, { userId: user.id, revokedById: input.actor.id });
    // OidcPayload rows reference the user by id only (the library's JSON), so they go explicitly.
    await revokeOidcForUser(tx, user.id);
    await tx.user.delete({ where: { id: user.id } });
    await logEvent(tx, {
      type: 'user.deleted',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { email: user.email, status: user.status, groups: groups.join(','), sessionsEnded: sessions.length, devicesRevoked: tokenHashes.length },
    });
    const sessionHashes = sessions.map((s) => s.tokenHash);
    await announceRevocation(tx, { tokenHashes: sessionHashes, userIds: [user.id] });
    await announceAppTokenChange(tx, { tokenHashes, userIds: [user.id] });
    return { username: user.username, sessionHashes, tokenHashes };
  });
  return { username: done.username, sessionsEnded: done.sessionHashes.length, tokensRevoked: done.tokenHashes.length, paperless };
}
