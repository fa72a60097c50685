/**
 * The rules version: every change to the rules or their settings bumps it in the same
 * transaction, so other instances notice and reload; this instance is told at once.
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../db';
import { publish } from '../events/local-bus';
import { readSetting } from './rule-settings';

export const RULES_VERSION_KEY = 'access.rules_version';

export async function readRulesVersion(db: DbOrTx): Promise<string> {
  return (await readSetting(db, RULES_VERSION_KEY)) ?? 'initial';
}

/** Call inside the transaction that changes rules or the default policy. */
export async function bumpRulesVersion(db: DbOrTx): Promise<void> {
  const value = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  await db.setting.upsert({ where: { key: RULES_VERSION_KEY }, create: { key: RULES_VERSION_KEY, value }, update: { value } });
}

/** After the commit: this instance recompiles its rules at once. */
export function announceRulesChanged(): void {
  publish('rules-changed', {});
}
