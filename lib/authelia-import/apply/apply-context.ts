/** What every step of applying an import shares: the transaction, the keys, the choices and the results so far. */
import type { Tx } from '../../db';
import { IMPORT_CATEGORIES, type ImportCategory, type ImportChoices } from '../types';
import type { ApplyItemResult, ApplyOutcome, ApplyResult } from './apply-input';

export type ApplyContext = {
  tx: Tx;
  encryptionKey: Buffer;
  choices: ImportChoices;
  /** The users the import may touch (created, owned or merged), by username. */
  users: Map<string, string>;
  items: ApplyResult['items'];
};

export function emptyItems(): ApplyResult['items'] {
  return Object.fromEntries(IMPORT_CATEGORIES.map((c) => [c, [] as ApplyItemResult[]])) as ApplyResult['items'];
}

export function record(context: ApplyContext, category: ImportCategory, key: string, outcome: ApplyOutcome, reason?: string): void {
  context.items[category].push(reason ? { key, outcome, reason } : { key, outcome });
}

/** Merging into an account that was not imported needs the choice AND the explicit consent. */
export const mayMerge = (choices: ImportChoices): boolean => choices.onConflict === 'merge' && choices.mergeConsent;
