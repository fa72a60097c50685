/** The signups waiting for an admin's decision, oldest first. */
import type { Db } from '../db';

/** `emailVerified`: an email link proves the address; a provider may or may not have confirmed it. */
export type PendingSignup = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  emailVerified: boolean;
  method: string;
  ip: string | null;
  createdAt: Date;
};

export async function listPendingSignups(db: Db): Promise<PendingSignup[]> {
  const rows = await db.user.findMany({
    where: { status: 'pending' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 200,
    select: {
      id: true,
      username: true,
      displayName: true,
      email: true,
      signupMethod: true,
      signupIp: true,
      createdAt: true,
      identities: { select: { emailVerified: true } },
    },
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
