/** An application's uploaded icon and its stored type, or null when it has none. */
import type { DbOrTx } from '../db';
import { ICON_TYPES, type TIconType } from './icon-image';

export async function readApplicationIcon(db: DbOrTx, id: string): Promise<{ data: Uint8Array; type: TIconType } | null> {
  const row = await db.application.findUnique({ where: { id }, select: { icon: true, iconData: true, iconType: true } });
  if (row?.icon !== 'upload' || !row.iconData || !(ICON_TYPES as readonly (string | null)[]).includes(row.iconType)) return null;
  return { data: row.iconData, type: row.iconType as TIconType };
}
