/**
 * The rules version: every change to the rules or their settings bumps it in the same
 * transaction, which also announces the change (lib/events/announce.ts): every instance reloads
 * its rules once it commits. The version is what an instance that missed it compares.
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../db';
import { announce } from '../events/announce';
import { readSetting } from './rule-settings';

export const RULES_VERSION_KEY = 'access.rules_version';

export async function readRulesVersion(db: DbOrTx): Promise<string> {
  return (await readSetting(db, RULES_VERSION_KEY)) ?? 'initial';
}

/** Call inside the transaction that changes rules or the default policy. */
export async function bumpRulesVersion(db: DbOrTx): Promise<void> {
  const value = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  await db.setting.upsert({ where: { key: RULES_VERSION_KEY }, create: { key: RULES_VERSION_KEY, value }, update: { value } });
  await announce(db, 'rules-changed', {});
}
