/**
 * What an import does with each setting, decided once for the dry run and again by apply inside
 * its transaction — the same function, so the report never says "update" where the import then
 * skips. A variable only the environment sets is refused (set it there); a storable one that the
 * environment or the env file fixes is skipped (that layer wins); the rest is compared with the
 * stored layer, and a set of changes that would make Gatehouse's configuration invalid is refused
 * whole, with parseEnv's words.
 */
import { previewStoredVariables, STORABLE_VARIABLES, type StorableVariable, type StoredVariables, type VariableSource } from '../config';
import { withChanges } from '../settings/save-stored-variables';
import type { PlannedSetting } from './types';

export type SettingDecision =
  | { variable: string; outcome: 'refused'; reason: string; environmentOnly: boolean }
  | { variable: string; outcome: 'skipped'; reason: string }
  | { variable: StorableVariable; outcome: 'unchanged' | 'created' | 'updated' };

export type SettingsDecision = { decisions: SettingDecision[]; next: StoredVariables; changedNames: StorableVariable[] };

const isStorable = (name: string): name is StorableVariable => (STORABLE_VARIABLES as readonly string[]).includes(name);

export function decideSettings(settings: PlannedSetting[], stored: StoredVariables, sources: Record<StorableVariable, VariableSource>): SettingsDecision {
  const decisions: SettingDecision[] = [];
  const wanted: Partial<Record<StorableVariable, string>> = {};
  for (const { variable } of settings) {
    if (!isStorable(variable)) {
      decisions.push({ variable, outcome: 'refused', reason: 'Gatehouse reads this only from its environment: set it there', environmentOnly: true });
    } else if (sources[variable] === 'environment' || sources[variable] === 'file') {
      const layer = sources[variable] === 'file' ? 'env file' : 'environment';
      decisions.push({ variable, outcome: 'skipped', reason: `set in Gatehouse's ${layer}, which wins: change it there if you want Authelia's value` });
    }
  }
  for (const { variable, value } of settings) if (isStorable(variable) && !decisions.some((d) => d.variable === variable)) wanted[variable] = value;
  const { next, changedNames } = withChanges(stored, wanted);
  const candidate = changedNames.length ? previewStoredVariables(next) : null;
  for (const variable of Object.keys(wanted) as StorableVariable[]) {
    if (!changedNames.includes(variable)) decisions.push({ variable, outcome: 'unchanged' });
    else if (candidate && !candidate.ok)
      decisions.push({
        variable,
        outcome: 'refused',
        reason: `Gatehouse's configuration would not be valid: ${candidate.problems.join(' ')}`,
        environmentOnly: false,
      });
    else decisions.push({ variable, outcome: stored[variable] === undefined ? 'created' : 'updated' });
  }
  return candidate && !candidate.ok ? { decisions, next: stored, changedNames: [] } : { decisions, next, changedNames };
}
