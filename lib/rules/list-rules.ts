/** Every access rule, in order (position, then age). */
import type { DbOrTx } from '../db';
import type { TStoredRule } from '../policy/types';
import { RULE_COLUMNS, rowToRule } from './rule-codec';

export async function listRules(db: DbOrTx): Promise<TStoredRule[]> {
  const rows = await db.accessRule.findMany({ select: RULE_COLUMNS, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
  return rows.map(rowToRule);
}
