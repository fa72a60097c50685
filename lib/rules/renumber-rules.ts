import type { DbOrTx } from '../db';

/** Rewrites positions 1…n in the given order (inside a transaction). */
export async function renumberRules(db: DbOrTx, orderedIds: string[]): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    await db.accessRule.update({ where: { id }, data: { position: index + 1 } });
  }
}
