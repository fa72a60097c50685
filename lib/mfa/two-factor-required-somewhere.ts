import type { Db } from '../db';

/** True when some rule (or the default) asks for two factors: removing the last factor then locks the user out of those apps. */
export async function twoFactorRequiredSomewhere(db: Db): Promise<boolean> {
  const [rule, setting, everyone] = [
    await db.accessRule.findFirst({ where: { policy: 'two_factor' }, select: { id: true } }),
    await db.setting.findUnique({ where: { key: 'access.default_policy' }, select: { value: true } }),
    await db.setting.findUnique({ where: { key: 'access.require_two_factor' }, select: { value: true } }),
  ];
  return rule !== null || setting?.value === 'two_factor' || everyone?.value === 'true';
}
