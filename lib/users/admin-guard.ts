/** "An admin cannot disable, demote or delete the last active admin": the one count every such change asks. */
import { ADMIN_GROUP } from '../auth/account-gate';
import type { DbOrTx } from '../db';

/** Active members of `admins` other than `userId`. Call inside the transaction that makes the change. */
export async function otherActiveAdmins(tx: DbOrTx, userId: string): Promise<number> {
  return tx.user.count({ where: { id: { not: userId }, status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } } } });
}
