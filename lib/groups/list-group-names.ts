import type { DbOrTx } from '../db';

/** Just the names, for filters and pickers. */
export async function listGroupNames(db: DbOrTx): Promise<string[]> {
  return (await db.group.findMany({ orderBy: { name: 'asc' }, select: { name: true }, take: 1000 })).map((g) => g.name);
}
