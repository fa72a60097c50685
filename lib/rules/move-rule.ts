import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { describeRule } from './describe-rule';
import { assertHandWritten } from './assert-hand-written';
import { listHandWrittenRules } from './list-rules';
import { renumberRules } from './renumber-rules';
import { bumpRulesVersion } from './rules-version';

/** Moves a rule to `to` (1-based), shifting the others. */
export async function moveRule(db: Db, input: { id: string; to: number; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertHandWritten(tx, input.id);
    const rules = await listHandWrittenRules(tx);
    const from = rules.findIndex((r) => r.id === input.id);
    if (from < 0) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
    const to = Math.min(Math.max(1, input.to), rules.length) - 1;
    if (to === from) return;
    const order = rules.map((r) => r.id);
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    await renumberRules(tx, order);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.moved',
      actor: input.actor,
      target: { type: 'rule', id: input.id, name: describeRule(rules[from]!) },
      meta: input.meta,
      data: { from: from + 1, to: to + 1 },
    });
  });
}
