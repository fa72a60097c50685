/**
 * Settings as storable variables, inside the import's transaction. lib/settings/save-stored-
 * variables.ts does this in a transaction of its own (it cannot join another), so this is its
 * transaction's body for a caller's transaction: the same validation of the whole configuration
 * (previewStoredVariables), the same sealing of the SMTP password, the same PostgreSQL advisory
 * lock; the caller puts the configuration into the running process after the commit
 * (applyStoredSettings), as a save does. A variable set in the environment or the env file wins
 * and is skipped; a set that would make the configuration invalid is refused whole, with parseEnv's words.
 */
import { previewStoredVariables, type Secrets, STORABLE_VARIABLES, storableSources, type StorableVariable } from '../../config';
import { sealSecret } from '../../crypto';
import { configKey, isSealedVariable, MAIL_MODE_KEY, sealedContext } from '../../settings/keys';
import { announce } from '../../events/announce';
import { readStoredVariables } from '../../settings/read-stored-variables';
import { withChanges } from '../../settings/save-stored-variables';
import { type ApplyContext, record } from './apply-context';
import type { PlannedSetting } from '../types';

const isStorable = (name: string): name is StorableVariable => (STORABLE_VARIABLES as readonly string[]).includes(name);

export async function applySettings(context: ApplyContext, settings: PlannedSetting[], secrets: Secrets): Promise<boolean> {
  const { tx } = context;
  const sources = storableSources();
  const wanted: Partial<Record<StorableVariable, string>> = {};
  for (const { variable: name, value } of settings) {
    if (!isStorable(name)) record(context, 'settings', name, 'refused', 'Gatehouse reads this only from its environment: set it there');
    else if (sources[name] === 'environment' || sources[name] === 'file')
      record(context, 'settings', name, 'skipped', `set in the ${sources[name]}, which wins`);
    else wanted[name] = value;
  }
  const current = await readStoredVariables(tx, secrets);
  const { next, changedNames } = withChanges(current.variables, wanted);
  for (const name of Object.keys(wanted) as StorableVariable[]) if (!changedNames.includes(name)) record(context, 'settings', name, 'unchanged');
  if (changedNames.length === 0) return false;
  const candidate = previewStoredVariables(next);
  if (!candidate.ok) {
    for (const name of changedNames)
      record(context, 'settings', name, 'refused', `Gatehouse's configuration would not be valid: ${candidate.problems.join(' ')}`);
    return false;
  }
  for (const name of changedNames) {
    const value = next[name];
    if (value === undefined) continue;
    const stored = isSealedVariable(name) ? sealSecret(value, secrets.encryptionKey, sealedContext(name)) : value;
    await tx.setting.upsert({ where: { key: configKey(name) }, create: { key: configKey(name), value: stored }, update: { value: stored } });
    record(context, 'settings', name, current.variables[name] === undefined ? 'created' : 'updated');
  }
  // Authelia sent mail through this server: so does Gatehouse from now on (the mail page's choice).
  if (changedNames.includes('GATEHOUSE_SMTP_HOST'))
    await tx.setting.upsert({ where: { key: MAIL_MODE_KEY }, create: { key: MAIL_MODE_KEY, value: 'smtp' }, update: { value: 'smtp' } });
  // The other instances reload the stored settings once this commits (this one applies them after the import).
  await announce(tx, 'settings-changed', {}, { here: false });
  return true;
}
