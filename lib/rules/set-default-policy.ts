/** Changes what happens to a request no rule matches. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import type { TPolicy } from '../policy/types';
import { DEFAULT_POLICY_KEY, readDefaultPolicy } from './rule-settings';
import { bumpRulesVersion } from './rules-version';

export async function setDefaultPolicy(db: Db, input: { policy: TPolicy; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await readDefaultPolicy(tx);
    if (before === input.policy) return;
    await tx.setting.upsert({ where: { key: DEFAULT_POLICY_KEY }, create: { key: DEFAULT_POLICY_KEY, value: input.policy }, update: { value: input.policy } });
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.default_policy_changed',
      actor: input.actor,
      target: { type: 'setting', id: DEFAULT_POLICY_KEY, name: 'default policy' },
      meta: input.meta,
      data: { from: before, to: input.policy },
    });
  });
}
