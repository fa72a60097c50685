/**
 * Reads the stored configuration layer from the Setting table. The sealed secrets (SMTP and directory
 * passwords) are opened with the encryption key; one that cannot be opened (another key, tampering) is left out
 * and reported, never passed on as ciphertext.
 */
import { openSecret } from '../crypto';
import { type Secrets, STORABLE_VARIABLES, type StorableVariable, type StoredVariables } from '../config';
import type { DbOrTx } from '../db';
import { CONFIG_KEY_PREFIX, isSealedVariable, sealedContext } from './keys';

export type StoredRead = { variables: StoredVariables; problems: string[] };

const isStorable = (name: string): name is StorableVariable => (STORABLE_VARIABLES as readonly string[]).includes(name);

export async function readStoredVariables(db: DbOrTx, secrets: Pick<Secrets, 'encryptionKey'>): Promise<StoredRead> {
  const rows = await db.setting.findMany({ where: { key: { startsWith: CONFIG_KEY_PREFIX } }, select: { key: true, value: true } });
  const variables: StoredVariables = {};
  const problems: string[] = [];
  for (const row of rows) {
    const name = row.key.slice(CONFIG_KEY_PREFIX.length);
    if (!isStorable(name)) continue;
    if (!isSealedVariable(name)) {
      variables[name] = row.value;
      continue;
    }
    try {
      variables[name] = openSecret(row.value, secrets.encryptionKey, sealedContext(name));
    } catch {
      const what = name === 'GATEHOUSE_SMTP_PASSWORD' ? 'SMTP password' : 'directory bind password';
      problems.push(`The stored ${what} cannot be read with this encryption key; enter it again in Settings.`);
    }
  }
  return { variables, problems };
}
