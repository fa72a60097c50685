/** One application with the rules it wrote (in their evaluation order), for its admin page. */
import type { DbOrTx } from '../db';
import type { TStoredRule } from '../policy/types';
import { listRules } from '../rules/list-rules';
import { APPLICATION_COLUMNS, rowToApplication } from './application-codec';
import type { TApplication } from './types';

export async function getApplication(db: DbOrTx, id: string): Promise<{ application: TApplication; rules: TStoredRule[] } | null> {
  const row = await db.application.findUnique({ where: { id }, select: APPLICATION_COLUMNS });
  if (!row) return null;
  const rules = (await listRules(db)).filter((rule) => rule.application?.id === id);
  return { application: rowToApplication(row), rules };
}
