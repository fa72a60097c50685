import type { Tx } from '../db';
import { announceRevocation } from '../sessions/revocation-bus';
import { announceAppTokenChange } from '../paperless/app-token-events';

/** Members' cached answers at the verify endpoint carry the group names: forget them (call in the transaction). */
export async function forgetMembers(tx: Tx, userIds: string[]): Promise<void> {
  if (!userIds.length) return;
  await announceRevocation(tx, { userIds });
  await announceAppTokenChange(tx, { userIds });
}
