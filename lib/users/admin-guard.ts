/** "An admin cannot disable, demote or delete the last active admin": the one count every such change asks. */
import { ADMIN_GROUP } from '../auth/account-gate';
import type { DbOrTx, Tx } from '../db';

/** Active members of `admins` other than `userId`. Call inside the transaction that makes the change. */
export async function otherActiveAdmins(tx: DbOrTx, userId: string): Promise<number> {
  return tx.user.count({ where: { id: { not: userId }, status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } } } });
}

/**
 * Serialises every decision that could leave no active admin: a no-op write to the admins group's
 * row, taken first in the transaction, so two admins disabling (or demoting, or deleting) each other
 * at once decide one after the other, the second seeing the first's change. (SQLite's write lock
 * already does this; on PostgreSQL, read committed would let both count the other as an admin.)
 */
export async function lockAdminCount(tx: Tx): Promise<void> {
  await tx.group.updateMany({ where: { name: ADMIN_GROUP }, data: { name: ADMIN_GROUP } });
}
