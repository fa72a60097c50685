/**
 * Imports rules (already parsed and validated from YAML): appended after the existing ones, or
 * replacing every hand-written one (the rules applications write stay: they follow their application). All or nothing, in one transaction with one audit event.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import type { TPolicy, TRuleInput } from '../policy/types';
import { listHandWrittenRules } from './list-rules';
import { ruleToColumns } from './rule-codec';
import { DEFAULT_POLICY_KEY } from './rule-settings';
import { bumpRulesVersion } from './rules-version';

export async function importRules(
  db: Db,
  input: { rules: TRuleInput[]; mode: 'append' | 'replace'; defaultPolicy: TPolicy | null; actor: AuditParty; meta: RequestMeta },
): Promise<{ imported: number; removed: number }> {
  const result = await db.$transaction(async (tx) => {
    const existing = await listHandWrittenRules(tx);
    let removed = 0;
    let next = existing.length + 1;
    if (input.mode === 'replace') {
      removed = (await tx.accessRule.deleteMany({ where: { applicationId: null } })).count;
      next = 1;
    }
    for (const rule of input.rules) {
      await tx.accessRule.create({ data: { ...ruleToColumns(rule), position: next++ } });
    }
    if (input.defaultPolicy) {
      await tx.setting.upsert({
        where: { key: DEFAULT_POLICY_KEY },
        create: { key: DEFAULT_POLICY_KEY, value: input.defaultPolicy },
        update: { value: input.defaultPolicy },
      });
    }
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.imported',
      actor: input.actor,
      meta: input.meta,
      data: { mode: input.mode, imported: input.rules.length, removed, defaultPolicy: input.defaultPolicy },
    });
    return { imported: input.rules.length, removed };
  });
  return result;
}
