/**
 * Which access rules name a group, and the same rules with the group renamed. Pure: the
 * database side is in the use cases beside it (list-groups, rename-group, delete-group…). Rules
 * name groups as "group:<name>" inside their subjects (lib/policy/types.ts).
 */
import type { TStoredRule } from '../policy/types';

export type RuleReference = { id: string; position: number; description: string };

export function groupSubject(name: string): string {
  return `group:${name}`;
}

export function ruleMentionsGroup(rule: Pick<TStoredRule, 'subjects'>, name: string): boolean {
  const subject = groupSubject(name);
  return rule.subjects.some((all) => all.includes(subject));
}

export function rulesReferencingGroup(rules: readonly TStoredRule[], name: string): RuleReference[] {
  return rules.filter((r) => ruleMentionsGroup(r, name)).map((r) => ({ id: r.id, position: r.position, description: r.description }));
}

/** Subjects with "group:<from>" replaced by "group:<to>" (and any duplicate that makes in one AND-group removed). */
export function renameGroupInSubjects(subjects: readonly (readonly string[])[], from: string, to: string): string[][] {
  const old = groupSubject(from);
  const replacement = groupSubject(to);
  return subjects.map((all) => [...new Set(all.map((s) => (s === old ? replacement : s)))]);
}

/** "#2 (Family photos), #5" — how a refusal lists the rules in the way. */
export function describeReferences(refs: readonly RuleReference[]): string {
  return refs.map((r) => `#${r.position}${r.description ? ` (${r.description})` : ''}`).join(', ');
}
