/**
 * An admin approves a pending signup, with groups (into admins only in sudo mode). The person is
 * mailed and, when Paperless is connected, provisioned there.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import type { MailEnv, PaperlessEnv, PortalEnv, SecretsEnv } from '../config';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { signupDecisionMail } from '../mail/templates/signup';
import { provisionIfConnected } from '../paperless/provision-user';
import { ensureGroups } from '../users/ensure-groups';
import { alreadyDecided, type PendingDecision } from './pending-decision';

export async function approveSignup(
  db: Db,
  input: {
    userId: string;
    groups: string[];
    sudo: boolean;
    actor: AuditParty;
    meta: RequestMeta;
    env: PortalEnv & MailEnv & PaperlessEnv & SecretsEnv;
    now?: Date;
  },
): Promise<PendingDecision> {
  const now = input.now ?? new Date();
  const decided = await db.$transaction(async (tx) => {
    // Approving someone into admins makes an admin: sudo mode.
    requireSudoIf(input.groups.includes(ADMIN_GROUP), input.sudo);
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, status: 'pending' },
      data: { status: 'active', statusChangedAt: now, statusChangedById: input.actor.id, statusReason: null },
    });
    if (count !== 1) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    const groups = await ensureGroups(tx, input.groups);
    if (groups.length) {
      await tx.userGroup.deleteMany({ where: { userId: user.id, groupId: { in: groups.map((g) => g.id) } } });
      await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
    }
    await logEvent(tx, {
      type: 'signup.approved',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { groups: input.groups.join(',') },
    });
    return user;
  });
  if (!decided) throw await alreadyDecided(db, input.userId);
  const mailed = await deliverMail(
    {
      to: decided.email,
      ...signupDecisionMail({ appName: input.env.appName, displayName: decided.displayName, approved: true, signInUrl: `${input.env.url}/sign-in` }),
    },
    input.env,
  ).then(
    () => true,
    () => false,
  );
  const paperless = await provisionIfConnected(db, { userId: decided.id, actor: input.actor, meta: input.meta, env: input.env });
  return { username: decided.username, email: decided.email, mailed, paperless };
}
