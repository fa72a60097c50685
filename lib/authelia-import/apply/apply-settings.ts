/**
 * Settings as storable variables, inside the import's transaction. lib/settings/save-stored-
 * variables.ts does this in a transaction of its own (it cannot join another), so this is its
 * transaction's body for a caller's transaction: the same validation of the whole configuration
 * (previewStoredVariables, through decide-settings.ts, which the dry run uses too), the same sealing of the SMTP password, the same PostgreSQL advisory
 * lock; the caller puts the configuration into the running process after the commit
 * (applyStoredSettings), as a save does. A variable set in the environment or the env file wins
 * and is skipped; a set that would make the configuration invalid is refused whole, with parseEnv's words.
 */
import { type Secrets, storableSources } from '../../config';
import { sealSecret } from '../../crypto';
import { announce } from '../../events/announce';
import { configKey, isSealedVariable, MAIL_MODE_KEY, sealedContext } from '../../settings/keys';
import { readStoredVariables } from '../../settings/read-stored-variables';
import { decideSettings } from '../decide-settings';
import type { PlannedSetting } from '../types';
import { type ApplyContext, record } from './apply-context';

export async function applySettings(context: ApplyContext, settings: PlannedSetting[], secrets: Secrets): Promise<boolean> {
  const { tx } = context;
  const current = await readStoredVariables(tx, secrets);
  const { decisions, next, changedNames } = decideSettings(settings, current.variables, storableSources());
  for (const decision of decisions) {
    if (decision.outcome === 'refused' || decision.outcome === 'skipped') record(context, 'settings', decision.variable, decision.outcome, decision.reason);
    else if (decision.outcome === 'unchanged') record(context, 'settings', decision.variable, 'unchanged');
  }
  if (changedNames.length === 0) return false;
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
