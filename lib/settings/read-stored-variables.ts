/**
 * Reads the stored configuration layer from the Setting table. The sealed SMTP password is
 * opened with the encryption key; one that cannot be opened (another key, tampering) is left out
 * and reported, never passed on as ciphertext.
 */
import { openSecret } from '../crypto';
import { type Secrets, STORABLE_VARIABLES, type StorableVariable, type StoredVariables } from '../config';
import type { DbOrTx } from '../db';
import { CONFIG_KEY_PREFIX, SEALED_CONTEXT, SEALED_VARIABLE } from './keys';

export type StoredRead = { variables: StoredVariables; problems: string[] };

const isStorable = (name: string): name is StorableVariable => (STORABLE_VARIABLES as readonly string[]).includes(name);

export async function readStoredVariables(db: DbOrTx, secrets: Secrets): Promise<StoredRead> {
  const rows = await db.setting.findMany({ where: { key: { startsWith: CONFIG_KEY_PREFIX } }, select: { key: true, value: true } });
  const variables: StoredVariables = {};
  const problems: string[] = [];
  for (const row of rows) {
    const name = row.key.slice(CONFIG_KEY_PREFIX.length);
    if (!isStorable(name)) continue;
    if (name !== SEALED_VARIABLE) {
      variables[name] = row.value;
      continue;
    }
    try {
      variables[name] = openSecret(row.value, secrets.encryptionKey, SEALED_CONTEXT);
    } catch {
      problems.push('The stored SMTP password cannot be read with this encryption key; enter it again in Settings.');
    }
  }
  return { variables, problems };
}
