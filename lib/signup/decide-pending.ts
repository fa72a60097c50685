/**
 * An admin approves (with groups) or rejects (with an optional reason) a pending signup. The
 * status changes only from pending, in one conditional update: of two admins deciding at once,
 * exactly one wins and the other is told who decided what, and when. The person is mailed.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { signupDecisionMail } from '../mail/templates/signup';
import { provisionIfConnected } from '../paperless/provision-user';
import { ensureGroups } from '../users/ensure-groups';

export type PendingDecision = { username: string; email: string; mailed: boolean; paperless: string };

async function alreadyDecided(db: Db, userId: string): Promise<AppError> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true, status: true, statusChangedAt: true, statusChangedById: true } });
  if (!user) return new AppError('NOT_FOUND', 'That signup does not exist (any more).');
  const by = user.statusChangedById ? (await db.user.findUnique({ where: { id: user.statusChangedById }, select: { username: true } }))?.username : null;
  const verb = user.status === 'active' ? 'approved' : user.status === 'rejected' ? 'rejected' : user.status;
  return new AppError('CONFLICT', `${user.username} was already ${verb}${by ? ` by ${by}` : ''} at ${user.statusChangedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Nothing was changed.`);
}

export async function approveSignup(db: Db, input: { userId: string; groups: string[]; sudo: boolean; actor: AuditParty; meta: RequestMeta; env: Env; now?: Date }): Promise<PendingDecision> {
  const now = input.now ?? new Date();
  const decided = await db.$transaction(async (tx) => {
    // Approving someone into admins makes an admin: sudo mode.
    requireSudoIf(input.groups.includes(ADMIN_GROUP), input.sudo);
    const { count } = await tx.user.updateMany({ where: { id: input.userId, status: 'pending' }, data: { status: 'active', statusChangedAt: now, statusChangedById: input.actor.id, statusReason: null } });
    if (count !== 1) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    const groups = await ensureGroups(tx, input.groups);
    if (groups.length) {
      await tx.userGroup.deleteMany({ where: { userId: user.id, groupId: { in: groups.map((g) => g.id) } } });
      await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
    }
    await logEvent(tx, { type: 'signup.approved', actor: input.actor, target: { type: 'user', id: user.id, name: user.username }, meta: input.meta, data: { groups: input.groups.join(',') } });
    return user;
  });
  if (!decided) throw await alreadyDecided(db, input.userId);
  const mailed = await deliverMail({ to: decided.email, ...signupDecisionMail({ appName: input.env.appName, displayName: decided.displayName, approved: true, signInUrl: `${input.env.url}/sign-in` }) }, input.env).then(
    () => true,
    () => false,
  );
  const paperless = await provisionIfConnected(db, { userId: decided.id, actor: input.actor, meta: input.meta, env: input.env });
  return { username: decided.username, email: decided.email, mailed, paperless };
}

export async function rejectSignup(db: Db, input: { userId: string; reason: string | null; actor: AuditParty; meta: RequestMeta; env: Env; now?: Date }): Promise<PendingDecision> {
  const now = input.now ?? new Date();
  const reason = input.reason?.trim() || null;
  const decided = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: input.userId, status: 'pending' }, data: { status: 'rejected', statusChangedAt: now, statusChangedById: input.actor.id, statusReason: reason } });
    if (count !== 1) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { id: true, username: true, email: true, displayName: true } });
    // A pending user holds no usable session, but end any anyway: nothing may outlive a rejection.
    await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now, revokedReason: 'account_rejected' } });
    await logEvent(tx, { type: 'signup.rejected', actor: input.actor, target: { type: 'user', id: user.id, name: user.username }, meta: input.meta, data: { reason } });
    return user;
  });
  if (!decided) throw await alreadyDecided(db, input.userId);
  const mailed = await deliverMail({ to: decided.email, ...signupDecisionMail({ appName: input.env.appName, displayName: decided.displayName, approved: false, reason, signInUrl: `${input.env.url}/sign-in` }) }, input.env).then(
    () => true,
    () => false,
  );
  return { username: decided.username, email: decided.email, mailed, paperless: '' };
}

/** `emailVerified`: an email link proves the address; a provider may or may not have confirmed it. */
export type PendingSignup = { id: string; username: string; displayName: string; email: string; emailVerified: boolean; method: string; ip: string | null; createdAt: Date };

export async function listPendingSignups(db: Db): Promise<PendingSignup[]> {
  const rows = await db.user.findMany({
    where: { status: 'pending' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 200,
    select: { id: true, username: true, displayName: true, email: true, signupMethod: true, signupIp: true, createdAt: true, identities: { select: { emailVerified: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    email: r.email,
    emailVerified: r.signupMethod === 'email' || r.identities.some((i) => i.emailVerified),
    method: r.signupMethod,
    ip: r.signupIp,
    createdAt: r.createdAt,
  }));
}
