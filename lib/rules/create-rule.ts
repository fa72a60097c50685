/**
 * Adds one access rule at a position (default: last). The rule, its audit event and the rules
 * version commit together; this instance reloads its rules right after, others within seconds.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import type { TRuleInput } from '../policy/types';
import { describeRule } from './describe-rule';
import { listHandWrittenRules } from './list-rules';
import { renumberRules } from './renumber-rules';
import { ruleToColumns } from './rule-codec';
import { bumpRulesVersion } from './rules-version';

export async function createRule(db: Db, input: { rule: TRuleInput; position?: number; actor: AuditParty; meta: RequestMeta }): Promise<string> {
  const id = await db.$transaction(async (tx) => {
    const existing = await listHandWrittenRules(tx);
    const at = Math.min(Math.max(1, input.position ?? existing.length + 1), existing.length + 1);
    const created = await tx.accessRule.create({ data: { ...ruleToColumns(input.rule), position: at }, select: { id: true } });
    const order = existing.map((r) => r.id);
    order.splice(at - 1, 0, created.id);
    await renumberRules(tx, order);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.created',
      actor: input.actor,
      target: { type: 'rule', id: created.id, name: describeRule({ ...input.rule, position: at }) },
      meta: input.meta,
    });
    return created.id;
  });
  return id;
}
