/** One client (of that application, when given), for its admin page; null when there is none. Never its secret nor its hash. */
import type { DbOrTx } from '../../db';
import { CLIENT_COLUMNS, rowToClient } from './client-codec';
import type { TOidcClient } from './types';

export async function getClient(db: DbOrTx, id: string, applicationId?: string): Promise<TOidcClient | null> {
  const row = await db.oidcClient.findUnique({ where: { id }, select: CLIENT_COLUMNS });
  if (!row || (applicationId !== undefined && row.applicationId !== applicationId)) return null;
  return rowToClient(row);
}
