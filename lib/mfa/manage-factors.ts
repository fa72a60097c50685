/** The 2FA manager's reads and small writes: list, rename, and an admin's reset. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { publishRevocation } from '../sessions/revocation-bus';

export type FactorSummary = { id: string; kind: 'totp' | 'webauthn'; name: string; createdAt: Date; lastUsedAt: Date | null; passkey: boolean };

export async function listFactors(db: Db, userId: string): Promise<FactorSummary[]> {
  const rows = await db.secondFactor.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true },
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind === 'webauthn' ? 'webauthn' : 'totp', name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, passkey: r.deviceType === 'multiDevice' }));
}

export async function renameFactor(db: Db, input: { userId: string; factorId: string; name: string; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const factor = await tx.secondFactor.findFirst({ where: { id: input.factorId, userId: input.userId }, select: { name: true } });
    if (!factor) throw new AppError('NOT_FOUND', 'That second factor does not exist or is not yours.');
    await tx.secondFactor.update({ where: { id: input.factorId }, data: { name: input.name } });
    await logEvent(tx, { type: 'mfa.factor_renamed', actor: input.actor, target: { type: 'factor', id: input.factorId, name: input.name }, meta: input.meta, data: { from: factor.name } });
  });
}

/**
 * An admin removes all of a user's second factors and recovery codes (a lost phone). The user's
 * sessions drop to one factor, the user is mailed, and the event is audited.
 */
export async function resetFactors(db: Db, input: { userId: string; actor: AuditParty; meta: RequestMeta; env: Env }): Promise<{ removed: number }> {
  const { user, removed, hashes } = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    if (!user) throw new AppError('NOT_FOUND', 'That user does not exist.');
    const removed = (await tx.secondFactor.deleteMany({ where: { userId: user.id } })).count;
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const sessions = await tx.session.findMany({ where: { userId: user.id, revokedAt: null, level: 'two_factor' }, select: { id: true, tokenHash: true } });
    if (sessions.length) await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { level: 'one_factor', factorProvenAt: null } });
    await logEvent(tx, { type: 'mfa.reset', actor: input.actor, target: { type: 'user', id: user.id, name: user.username }, meta: input.meta, data: { factors: removed } });
    return { user, removed, hashes: sessions.map((s) => s.tokenHash) };
  });
  if (hashes.length) publishRevocation({ tokenHashes: hashes });
  await deliverMail(
    { to: user.email, ...factorChangeMail({ appName: input.env.appName, displayName: user.displayName, change: 'reset', securityUrl: `${input.env.url}/security` }) },
    input.env,
  ).catch((error: unknown) => console.error('[gatehouse] could not send the reset notice:', (error as Error).message));
  return { removed };
}

/** True when some rule (or the default) asks for two factors: removing the last factor then locks the user out of those apps. */
export async function twoFactorRequiredSomewhere(db: Db): Promise<boolean> {
  const [rule, setting, everyone] = [
    await db.accessRule.findFirst({ where: { policy: 'two_factor' }, select: { id: true } }),
    await db.setting.findUnique({ where: { key: 'access.default_policy' }, select: { value: true } }),
    await db.setting.findUnique({ where: { key: 'access.require_two_factor' }, select: { value: true } }),
  ];
  return rule !== null || setting?.value === 'two_factor' || everyone?.value === 'true';
}

export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  return (await db.secondFactor.findFirst({ where: { userId }, select: { id: true } })) !== null;
}
