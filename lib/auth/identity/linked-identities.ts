/** A user's sign-in providers on the Security page: which are linked, consent to linking, unlinking. */
import { logEvent, type AuditParty } from '../../audit/log-event';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';

export type LinkedIdentity = { id: string; provider: string; email: string | null; createdAt: Date; lastUsedAt: Date | null };

export async function listLinkedIdentities(db: Db, userId: string): Promise<{ identities: LinkedIdentity[]; allowLinking: boolean; hasPassword: boolean }> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      allowLinking: true,
      passwordHash: true,
      identities: { orderBy: { createdAt: 'asc' }, select: { id: true, provider: true, email: true, createdAt: true, lastUsedAt: true } },
    },
  });
  if (!user) throw new AppError('NOT_FOUND', 'This account does not exist.');
  return { identities: user.identities, allowLinking: user.allowLinking, hasPassword: user.passwordHash !== null };
}

export async function setAllowLinking(db: Db, input: { actor: AuditParty; allow: boolean; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.actor.id }, data: { allowLinking: input.allow } });
    await logEvent(tx, {
      type: 'signup.linking_changed',
      actor: input.actor,
      target: { type: 'user', ...input.actor },
      meta: input.meta,
      data: { allow: input.allow },
    });
  });
}

/**
 * Removes a provider from the user's account. The last way in is kept: a user without a
 * password keeps at least one provider (an email link still works for them, but they chose
 * this provider; removing it is allowed only when another way remains).
 */
export async function unlinkIdentity(db: Db, input: { actor: AuditParty; identityId: string; meta: RequestMeta }): Promise<{ provider: string }> {
  return db.$transaction(async (tx) => {
    const identity = await tx.identity.findFirst({ where: { id: input.identityId, userId: input.actor.id }, select: { id: true, provider: true } });
    if (!identity) throw new AppError('NOT_FOUND', 'That sign-in provider is not linked to your account.');
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.actor.id }, select: { passwordHash: true, _count: { select: { identities: true } } } });
    if (user.passwordHash === null && user._count.identities <= 1) {
      throw new AppError(
        'CONFLICT',
        'This is your only sign-in provider and you have no password: set a password first (or link another provider), then remove it. You can still sign in with an emailed link.',
      );
    }
    await tx.identity.delete({ where: { id: identity.id } });
    await logEvent(tx, {
      type: 'signup.unlinked',
      actor: input.actor,
      target: { type: 'user', ...input.actor },
      meta: input.meta,
      data: { provider: identity.provider },
    });
    return { provider: identity.provider };
  });
}
