/** The members of the admins group, for the locked-out operator: who could still sign in. */
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';

export type ConsoleAdmin = { username: string; email: string; status: string; secondFactors: number; hasPassword: boolean; lastSignInAt: Date | null };

export async function listAdmins(db: Db): Promise<ConsoleAdmin[]> {
  const rows = await db.user.findMany({
    where: { groups: { some: { group: { name: ADMIN_GROUP } } } },
    orderBy: { username: 'asc' },
    select: { username: true, email: true, status: true, passwordHash: true, lastSignInAt: true, _count: { select: { secondFactors: true } } },
  });
  return rows.map((row) => ({
    username: row.username,
    email: row.email,
    status: row.status,
    secondFactors: row._count.secondFactors,
    hasPassword: row.passwordHash !== null,
    lastSignInAt: row.lastSignInAt,
  }));
}
