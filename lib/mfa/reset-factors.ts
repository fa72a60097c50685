import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { MailEnv, PortalEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { announceRevocation } from '../sessions/revocation-bus';

/**
 * An admin removes all of a user's second factors and recovery codes (a lost phone). The user's
 * sessions drop to one factor, the user is mailed, and the event is audited.
 */
export async function resetFactors(
  db: Db,
  input: { userId: string; actor: AuditParty; meta: RequestMeta; env: PortalEnv & MailEnv },
): Promise<{ removed: number }> {
  const { user, removed } = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist.');
    const removed = (await tx.secondFactor.deleteMany({ where: { userId: user.id } })).count;
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const sessions = await tx.session.findMany({ where: { userId: user.id, revokedAt: null, level: 'two_factor' }, select: { id: true, tokenHash: true } });
    if (sessions.length) await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { level: 'one_factor', factorProvenAt: null } });
    await logEvent(tx, {
      type: 'mfa.reset',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { factors: removed },
    });
    if (sessions.length) await announceRevocation(tx, { tokenHashes: sessions.map((s) => s.tokenHash) });
    return { user, removed };
  });
  await deliverMail(
    {
      to: user.email,
      ...factorChangeMail({ appName: input.env.appName, displayName: user.displayName, change: 'reset', securityUrl: `${input.env.url}/security` }),
    },
    input.env,
  ).catch((error: unknown) => console.error('[gatehouse] could not send the reset notice:', (error as Error).message));
  return { removed };
}
