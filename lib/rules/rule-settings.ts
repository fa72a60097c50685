/** The two admin settings beside the rules: the default policy and "a second factor for everyone". */
import type { DbOrTx } from '../db';
import { POLICIES, type TPolicy } from '../policy/types';

export const DEFAULT_POLICY_KEY = 'access.default_policy';
/** "true": every rule that asks for one factor asks for two (an admin setting). */
export const REQUIRE_TWO_FACTOR_KEY = 'access.require_two_factor';
/** With no rules and no setting, nothing passes. */
export const FALLBACK_DEFAULT_POLICY: TPolicy = 'deny';

export async function readSetting(db: DbOrTx, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key }, select: { value: true } }))?.value ?? null;
}

export async function readDefaultPolicy(db: DbOrTx): Promise<TPolicy> {
  const value = await readSetting(db, DEFAULT_POLICY_KEY);
  return value && (POLICIES as readonly string[]).includes(value) ? (value as TPolicy) : FALLBACK_DEFAULT_POLICY;
}

export async function readRequireTwoFactor(db: DbOrTx): Promise<boolean> {
  return (await readSetting(db, REQUIRE_TWO_FACTOR_KEY)) === 'true';
}
