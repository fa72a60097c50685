/** Where the Paperless connection stands, without its secrets: for the Paperless application's page. */
import type { DbOrTx } from '../db';
import { readStoredCheck, type ConnectionCheck } from './check-connection';

export async function readConnectionSummary(
  db: DbOrTx,
): Promise<{ configured: boolean; publicUrl: string | null; mappedGroups: number; check: ConnectionCheck | null }> {
  const row = await db.paperlessConnection.findUnique({ where: { id: 'default' }, select: { publicUrl: true, lastCheck: true } });
  const mappedGroups = await db.paperlessGroupMapping.count();
  return { configured: row !== null, publicUrl: row?.publicUrl ?? null, mappedGroups, check: readStoredCheck(row?.lastCheck ?? null) };
}
