/** An admin rejects a pending signup, with an optional reason; the person is mailed. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { MailEnv, PortalEnv } from '../config';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { signupDecisionMail } from '../mail/templates/signup';
import { alreadyDecided, type PendingDecision } from './pending-decision';

export async function rejectSignup(
  db: Db,
  input: { userId: string; reason: string | null; actor: AuditParty; meta: RequestMeta; env: PortalEnv & MailEnv; now?: Date },
): Promise<PendingDecision> {
  const now = input.now ?? new Date();
  const reason = input.reason?.trim() || null;
  const decided = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, status: 'pending' },
      data: { status: 'rejected', statusChangedAt: now, statusChangedById: input.actor.id, statusReason: reason },
    });
    if (count !== 1) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    // A pending user holds no usable session, but end any anyway: nothing may outlive a rejection.
    await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now, revokedReason: 'account_rejected' } });
    await logEvent(tx, {
      type: 'signup.rejected',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { reason },
    });
    return user;
  });
  if (!decided) throw await alreadyDecided(db, input.userId);
  const mailed = await deliverMail(
    {
      to: decided.email,
      ...signupDecisionMail({ appName: input.env.appName, displayName: decided.displayName, approved: false, reason, signInUrl: `${input.env.url}/sign-in` }),
    },
    input.env,
  ).then(
    () => true,
    () => false,
  );
  return { username: decided.username, email: decided.email, mailed, paperless: '' };
}
