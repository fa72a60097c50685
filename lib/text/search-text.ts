/**
 * Text typed into a search or filter field, as the query uses it: control characters dropped
 * (they never occur in names, and a NUL would end a pattern early in SQLite, matching everyone),
 * trimmed, capped. Not a string: "".
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

export function searchText(raw: unknown, max: number): string {
  return typeof raw === 'string' ? raw.replace(CONTROL_CHARACTERS, '').trim().slice(0, max) : '';
}
