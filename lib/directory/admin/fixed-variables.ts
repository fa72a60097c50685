/** The directory variables set in the environment or the env file: they win, so the form neither shows them as editable nor stores them. */
import { DIRECTORY_VARIABLES, type StorableVariable, storableSources } from '../../config';

export function fixedDirectoryVariables(): ReadonlySet<StorableVariable> {
  const sources = storableSources();
  return new Set(DIRECTORY_VARIABLES.filter((name) => sources[name] === 'environment' || sources[name] === 'file'));
}
