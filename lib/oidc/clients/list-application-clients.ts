/** An application's OpenID Connect clients, oldest first, for its admin page (never a secret nor its hash). */
import type { DbOrTx } from '../../db';
import { CLIENT_COLUMNS, rowToClient } from './client-codec';
import type { TOidcClient } from './types';

export async function listApplicationClients(db: DbOrTx, applicationId: string): Promise<TOidcClient[]> {
  const rows = await db.oidcClient.findMany({ where: { applicationId }, select: CLIENT_COLUMNS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(rowToClient);
}
