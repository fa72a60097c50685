/**
 * Deletes one access rule and closes the gap in the positions; committed and announced like
 * every rule change.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { describeRule } from './describe-rule';
import { assertHandWritten } from './assert-hand-written';
import { listHandWrittenRules } from './list-rules';
import { renumberRules } from './renumber-rules';
import { bumpRulesVersion } from './rules-version';

export async function deleteRule(db: Db, input: { id: string; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertHandWritten(tx, input.id);
    const rules = await listHandWrittenRules(tx);
    const rule = rules.find((r) => r.id === input.id);
    if (!rule) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    await tx.accessRule.delete({ where: { id: input.id } });
    await renumberRules(
      tx,
      rules.filter((r) => r.id !== input.id).map((r) => r.id),
    );
    await bumpRulesVersion(tx);
    await logEvent(tx, { type: 'rules.deleted', actor: input.actor, target: { type: 'rule', id: rule.id, name: describeRule(rule) }, meta: input.meta });
  });
}
