/**
 * How much YAML one import may hold (the limit the parser enforces too, lib/policy/yaml-size.ts),
 * in a module small enough for the form: the form refuses a larger paste before sending it, the
 * action refuses it again for requests that skip the form.
 */
import { YAML_MAX_BYTES } from '@/lib/policy/yaml-size';

export const MAX_IMPORT_BYTES = YAML_MAX_BYTES;
export const TOO_LARGE_MESSAGE = 'an import holds at most 1 MiB of YAML. Split the rules into smaller files.';
