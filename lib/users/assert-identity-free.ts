/**
 * Clear field errors for a taken username or email, before the unique index would refuse it.
 * The unique indexes remain the real guarantee under races (see isUniqueViolation).
 */
import type { DbOrTx } from '../db';
import { AppError } from '../errors';

export async function assertIdentityFree(db: DbOrTx, input: { username: string; email: string }): Promise<void> {
  const taken = await db.user.findFirst({
    where: { OR: [{ username: input.username }, { email: input.email }] },
    select: { username: true, email: true },
  });
  if (taken?.username === input.username) throw new AppError('CONFLICT', 'That username is taken.', 'username');
  if (taken?.email === input.email) throw new AppError('CONFLICT', 'An account with that email address exists.', 'email');
}

/** True for a unique-constraint failure from either database (Prisma code P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
