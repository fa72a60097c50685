/** Pure helpers for editing a user's groups: normalised lists and what changed. */

/** Sorted, de-duplicated. */
export function normaliseGroups(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  const x = normaliseGroups(a);
  const y = normaliseGroups(b);
  return x.length === y.length && x.every((name, i) => name === y[i]);
}

export function groupChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const from = new Set(before);
  const to = new Set(after);
  return { added: normaliseGroups(after.filter((g) => !from.has(g))), removed: normaliseGroups(before.filter((g) => !to.has(g))) };
}
