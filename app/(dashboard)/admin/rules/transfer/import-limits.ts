/**
 * How much YAML one import may hold (YAML_MAX_BYTES in lib/policy/yaml-limits.ts, which the
 * parser enforces too), in a module small enough for the form: the form refuses a larger paste
 * before sending it, the action refuses it again for requests that skip the form.
 */
export const MAX_IMPORT_BYTES = 1024 * 1024;
export const TOO_LARGE_MESSAGE = 'an import holds at most 1 MiB of YAML. Split the rules into smaller files.';
