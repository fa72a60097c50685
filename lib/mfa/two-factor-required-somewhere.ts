import type { Db } from '../db';
import { DEFAULT_POLICY_KEY, REQUIRE_TWO_FACTOR_KEY } from '../rules/rule-settings';

/** True when some rule (or the default) asks for two factors: removing the last factor then locks the user out of those apps. */
export async function twoFactorRequiredSomewhere(db: Db): Promise<boolean> {
  const [rule, setting, everyone] = [
    await db.accessRule.findFirst({ where: { policy: 'two_factor' }, select: { id: true } }),
    await db.setting.findUnique({ where: { key: DEFAULT_POLICY_KEY }, select: { value: true } }),
    await db.setting.findUnique({ where: { key: REQUIRE_TWO_FACTOR_KEY }, select: { value: true } }),
  ];
  return rule !== null || setting?.value === 'two_factor' || everyone?.value === 'true';
}
