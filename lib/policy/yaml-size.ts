/** The largest YAML import, in UTF-8 bytes: its own module so the import form can use it without the parser. */
export const YAML_MAX_BYTES = 1024 * 1024;
