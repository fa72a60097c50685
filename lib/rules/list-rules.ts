/**
 * Access rules in evaluation order — first match wins:
 *   1. hand-written rules, by their position (the special cases an admin orders by hand);
 *   2. the rules applications write (lib/applications/application-rules.ts), application by
 *      application in launcher order, each application's rules in the order it wrote them;
 *   3. then the default policy (not a rule).
 * `position` is the place in that order. Read once per rules version (the verify endpoint compiles
 * the result), so the order costs nothing per request.
 */
import type { DbOrTx } from '../db';
import type { TStoredRule } from '../policy/types';
import { RULE_COLUMNS, rowToRule } from './rule-codec';

const ORDER = [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] as const;

export async function listRules(db: DbOrTx): Promise<TStoredRule[]> {
  const handWritten = await listHandWrittenRules(db);
  const generated = await db.accessRule.findMany({
    where: { applicationId: { not: null } },
    select: { ...RULE_COLUMNS, application: { select: { id: true, name: true, slug: true, position: true, createdAt: true } } },
    orderBy: [...ORDER],
  });
  generated.sort((a, b) => {
    const x = a.application!;
    const y = b.application!;
    return x.position - y.position || x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id) || a.position - b.position;
  });
  const offset = handWritten.length;
  return [
    ...handWritten,
    ...generated.map(({ application, ...row }, index) => ({
      ...rowToRule(row),
      position: offset + index + 1,
      application: { id: application!.id, name: application!.name, slug: application!.slug },
    })),
  ];
}

/** The hand-written rules alone, positions 1…n: what the rules editor orders, moves and imports. */
export async function listHandWrittenRules(db: DbOrTx): Promise<TStoredRule[]> {
  const rows = await db.accessRule.findMany({ where: { applicationId: null }, select: RULE_COLUMNS, orderBy: [...ORDER] });
  return rows.map(rowToRule);
}
