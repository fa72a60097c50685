/**
 * access_control and default_policy, inside the import's transaction: the rules import of the
 * rules page (lib/rules/import-rules.ts) does the same in a transaction of its own. Imported rules
 * go after the hand-written ones; a rule Gatehouse already has (same columns) is not added twice,
 * so a second import of the same folder adds nothing. The caller announces the change after the commit.
 */
import type { TRuleInput } from '../../policy/types';
import { listHandWrittenRules } from '../../rules/list-rules';
import { ruleToColumns } from '../../rules/rule-codec';
import { DEFAULT_POLICY_KEY, readSetting } from '../../rules/rule-settings';
import { bumpRulesVersion } from '../../rules/rules-version';
import { type ApplyContext, record } from './apply-context';
import type { ApplyInput } from './apply-input';

const fingerprint = (rule: TRuleInput): string => JSON.stringify(ruleToColumns(rule));

/** A short name for a rule in the report: its domains and policy. */
const describe = (rule: TRuleInput, index: number): string => `rule ${index + 1}: ${rule.domains.join(', ') || 'any domain'} → ${rule.policy}`;

export async function applyRules(context: ApplyContext, input: ApplyInput['rules']): Promise<boolean> {
  if (!input) return false;
  const { tx } = context;
  const existing = await listHandWrittenRules(tx);
  const unused = existing.map(fingerprint);
  let next = existing.length + 1;
  let changed = false;
  for (const [index, rule] of input.rules.entries()) {
    const at = unused.indexOf(fingerprint(rule));
    if (at >= 0) {
      unused.splice(at, 1);
      record(context, 'rules', describe(rule, index), 'unchanged');
      continue;
    }
    await tx.accessRule.create({ data: { ...ruleToColumns(rule), position: next++ }, select: { id: true } });
    record(context, 'rules', describe(rule, index), 'created');
    changed = true;
  }
  if (input.defaultPolicy) {
    const current = await readSetting(tx, DEFAULT_POLICY_KEY);
    if (current === input.defaultPolicy) record(context, 'rules', 'default_policy', 'unchanged');
    else {
      await tx.setting.upsert({
        where: { key: DEFAULT_POLICY_KEY },
        create: { key: DEFAULT_POLICY_KEY, value: input.defaultPolicy },
        update: { value: input.defaultPolicy },
      });
      record(context, 'rules', 'default_policy', 'updated');
      changed = true;
    }
  }
  if (changed) await bumpRulesVersion(tx);
  return changed;
}
