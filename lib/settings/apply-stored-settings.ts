/**
 * Puts the stored settings into this process's configuration (lib/config's stored layer): at
 * start, before serving, and after an admin saves. The swap happens only when the whole
 * configuration with them is valid; otherwise the running configuration stays and the problems
 * are returned.
 */
import { applyStoredVariables, getEnv } from '../config';
import type { DbOrTx } from '../db';
import { readStoredVariables } from './read-stored-variables';

export async function applyStoredSettings(db: DbOrTx): Promise<{ ok: boolean; problems: string[] }> {
  const read = await readStoredVariables(db, getEnv().secrets);
  const applied = applyStoredVariables(read.variables);
  return { ok: applied.ok, problems: [...read.problems, ...(applied.ok ? [] : applied.problems)] };
}
