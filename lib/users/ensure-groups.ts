/** Finds groups by name, creating the missing ones (names already validated by ZGroupName). */
import type { DbOrTx } from '../db';

export async function ensureGroups(db: DbOrTx, names: string[]): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  for (const name of names) {
    out.push(await db.group.upsert({ where: { name }, create: { name }, update: {}, select: { id: true, name: true } }));
  }
  return out;
}
