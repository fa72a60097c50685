/** Everything the verify engine compiles: the rules, both settings and the version they belong to. */
import type { DbOrTx } from '../db';
import type { TPolicy, TStoredRule } from '../policy/types';
import { listRules } from './list-rules';
import { readDefaultPolicy, readRequireTwoFactor } from './rule-settings';
import { readRulesVersion } from './rules-version';

export async function loadRuleSet(db: DbOrTx): Promise<{ rules: TStoredRule[]; defaultPolicy: TPolicy; requireTwoFactor: boolean; version: string }> {
  const [rules, defaultPolicy, requireTwoFactor, version] = [
    await listRules(db),
    await readDefaultPolicy(db),
    await readRequireTwoFactor(db),
    await readRulesVersion(db),
  ];
  return { rules, defaultPolicy, requireTwoFactor, version };
}
