/**
 * The rules export: the hand-written rules and the default policy in Authelia's shape. Rules an
 * application writes are left out: they follow their application, and a re-imported copy would
 * become hand-written rules evaluated before every application, silently overriding later edits.
 */
import type { DbOrTx } from '../db';
import { exportAutheliaYaml } from '../policy/authelia-yaml';
import { loadRuleSet } from './load-rule-set';

export async function exportRules(db: DbOrTx): Promise<{ yaml: string; handWritten: number; fromApplications: number }> {
  const { rules, defaultPolicy } = await loadRuleSet(db);
  const handWritten = rules.filter((rule) => !rule.application);
  return { yaml: exportAutheliaYaml(defaultPolicy, handWritten), handWritten: handWritten.length, fromApplications: rules.length - handWritten.length };
}
