import type { Db } from '../db';

/** True when the user has at least one second factor (an authenticator app or a WebAuthn key). */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  return (await db.secondFactor.findFirst({ where: { userId }, select: { id: true } })) !== null;
}
