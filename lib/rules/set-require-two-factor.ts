import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { readRequireTwoFactor, REQUIRE_TWO_FACTOR_KEY } from './rule-settings';
import { bumpRulesVersion } from './rules-version';

/** Turns "a second factor for everyone" on or off: one_factor rules then ask for two factors. */
export async function setRequireTwoFactor(db: Db, input: { required: boolean; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await readRequireTwoFactor(tx);
    if (before === input.required) return;
    const value = String(input.required);
    await tx.setting.upsert({ where: { key: REQUIRE_TWO_FACTOR_KEY }, create: { key: REQUIRE_TWO_FACTOR_KEY, value }, update: { value } });
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'rules.require_two_factor_changed',
      actor: input.actor,
      target: { type: 'setting', id: REQUIRE_TWO_FACTOR_KEY, name: 'second factor for everyone' },
      meta: input.meta,
      data: { from: before, to: input.required },
    });
  });
}
