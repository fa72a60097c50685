/** Changes one access rule in place; committed and announced like every rule change. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import type { TRuleInput } from '../policy/types';
import { assertHandWritten } from './assert-hand-written';
import { describeRule } from './describe-rule';
import { ruleToColumns } from './rule-codec';
import { bumpRulesVersion } from './rules-version';

export async function updateRule(db: Db, input: { id: string; rule: TRuleInput; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertHandWritten(tx, input.id);
    const before = await tx.accessRule.findUnique({ where: { id: input.id }, select: { position: true } });
    if (!before) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    await tx.accessRule.update({ where: { id: input.id }, data: ruleToColumns(input.rule) });
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.updated',
      actor: input.actor,
      target: { type: 'rule', id: input.id, name: describeRule({ ...input.rule, position: before.position }) },
      meta: input.meta,
    });
  });
}
