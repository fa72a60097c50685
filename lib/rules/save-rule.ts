/**
 * Adds or changes one access rule. The change, its audit event and the rules version commit
 * together; this instance reloads its rules right after, others within seconds.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import type { TRuleInput } from '../policy/types';
import { describeRule } from './describe-rule';
import { announceRulesChanged, bumpRulesVersion, listRules, renumber, ruleToColumns } from './rule-store';

export async function createRule(db: Db, input: { rule: TRuleInput; position?: number; actor: AuditParty; meta: RequestMeta }): Promise<string> {
  const id = await db.$transaction(async (tx) => {
    const existing = await listRules(tx);
    const at = Math.min(Math.max(1, input.position ?? existing.length + 1), existing.length + 1);
    const created = await tx.accessRule.create({ data: { ...ruleToColumns(input.rule), position: at }, select: { id: true } });
    const order = existing.map((r) => r.id);
    order.splice(at - 1, 0, created.id);
    await renumber(tx, order);
    await bumpRulesVersion(tx);
    await logEvent(tx, { type: 'rules.created', actor: input.actor, target: { type: 'rule', id: created.id, name: describeRule({ ...input.rule, position: at }) }, meta: input.meta });
    return created.id;
  });
  announceRulesChanged();
  return id;
}

export async function updateRule(db: Db, input: { id: string; rule: TRuleInput; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.accessRule.findUnique({ where: { id: input.id }, select: { position: true } });
    if (!before) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    await tx.accessRule.update({ where: { id: input.id }, data: ruleToColumns(input.rule) });
    await bumpRulesVersion(tx);
    await logEvent(tx, { type: 'rules.updated', actor: input.actor, target: { type: 'rule', id: input.id, name: describeRule({ ...input.rule, position: before.position }) }, meta: input.meta });
  });
  announceRulesChanged();
}

export async function deleteRule(db: Db, input: { id: string; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const rules = await listRules(tx);
    const rule = rules.find((r) => r.id === input.id);
    if (!rule) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    await tx.accessRule.delete({ where: { id: input.id } });
    await renumber(tx, rules.filter((r) => r.id !== input.id).map((r) => r.id));
    await bumpRulesVersion(tx);
    await logEvent(tx, { type: 'rules.deleted', actor: input.actor, target: { type: 'rule', id: rule.id, name: describeRule(rule) }, meta: input.meta });
  });
  announceRulesChanged();
}

/** Moves a rule to `to` (1-based), shifting the others. */
export async function moveRule(db: Db, input: { id: string; to: number; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const rules = await listRules(tx);
    const from = rules.findIndex((r) => r.id === input.id);
    if (from < 0) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    const to = Math.min(Math.max(1, input.to), rules.length) - 1;
    if (to === from) return;
    const order = rules.map((r) => r.id);
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    await renumber(tx, order);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.moved',
      actor: input.actor,
      target: { type: 'rule', id: input.id, name: describeRule(rules[from]!) },
      meta: input.meta,
      data: { from: from + 1, to: to + 1 },
    });
  });
  announceRulesChanged();
}
