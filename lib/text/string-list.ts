/** A JSON list of strings stored in a text column; anything unreadable is an empty list (fail closed), non-strings are dropped. */
export function readStringList(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
