/**
 * When mail stays in the outbox (no SMTP server: nobody would receive the factor-change link),
 * the link also becomes a request another administrator approves in the browser: it appears on
 * the admin overview and on the user's page, and the browser that asked waits on a page that
 * continues by itself once approved (continue-factor-change-request). The request unlocks the
 * same single-use link row as the mail in the outbox, so whichever is used first is the only use.
 *
 * One request per user at a time (a new one replaces the old: unique userId), bound to the user
 * and to the asking browser (SHA-256 of its browser id), expiring with the link. No secret is
 * stored: the request id is not one, the browser id cookie and the session are what count.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db, DbOrTx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import type { FactorChangeAction } from '../mail/templates/second-factor';

/** Active admins other than `userId` with a second factor of their own: those who can approve. */
export async function countApprovers(db: DbOrTx, userId: string): Promise<number> {
  return db.user.count({
    where: { id: { not: userId }, status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } }, secondFactors: { some: {} } },
  });
}

export async function requestFactorChangeApproval(
  db: Db,
  input: {
    user: { id: string; username: string };
    link: { id: string; expiresAt: Date };
    browserHash: string;
    action: FactorChangeAction;
    meta: RequestMeta;
    now: Date;
  },
): Promise<{ id: string; expiresAt: Date } | null> {
  if ((await countApprovers(db, input.user.id)) === 0) return null;
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  return db.$transaction(async (tx) => {
    // One per user: the new request replaces an older one, whatever its state.
    await tx.factorChangeRequest.deleteMany({ where: { userId: input.user.id } });
    const row = await tx.factorChangeRequest.create({
      data: {
        userId: input.user.id,
        linkId: input.link.id,
        browserHash: input.browserHash,
        action: input.action,
        status: 'pending',
        createdAt: input.now,
        expiresAt: input.link.expiresAt,
        ip: input.meta.ip,
        userAgent: input.meta.userAgent?.slice(0, 500) ?? null,
      },
      select: { id: true, expiresAt: true },
    });
    await logEvent(tx, {
      type: 'mfa.factor_change_requested',
      actor,
      target: { type: 'user', ...actor },
      meta: input.meta,
      data: { action: input.action, request: row.id },
    });
    return row;
  });
}
