/**
 * What approving and rejecting a pending signup share: the result an admin sees, and the answer
 * when another admin decided first (the status changes only from pending, in one conditional
 * update: of two admins deciding at once, exactly one wins and the other is told who decided what,
 * and when).
 */
import type { Db } from '../db';
import { AppError } from '../errors';

export type PendingDecision = { username: string; email: string; mailed: boolean; paperless: string };

export async function alreadyDecided(db: Db, userId: string): Promise<AppError> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true, status: true, statusChangedAt: true, statusChangedById: true } });
  if (!user) return new AppError('NOT_FOUND', 'That signup does not exist (any more).');
  const by = user.statusChangedById ? (await db.user.findUnique({ where: { id: user.statusChangedById }, select: { username: true } }))?.username : null;
  const verb = user.status === 'active' ? 'approved' : user.status === 'rejected' ? 'rejected' : user.status;
  return new AppError(
    'CONFLICT',
    `${user.username} was already ${verb}${by ? ` by ${by}` : ''} at ${user.statusChangedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Nothing was changed.`,
  );
}
