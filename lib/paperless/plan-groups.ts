/**
 * Pure decisions about Paperless groups: which groups a user should have there, and which mapped
 * groups lack the permissions Paperless's web UI and apps need.
 */

/**
 * Gatehouse manages only the Paperless groups an admin mapped: groups set by hand in Paperless
 * stay; mapped groups follow the user's Gatehouse groups. Sorted, without duplicates.
 */
export function planPaperlessGroups(input: { current: readonly number[]; mapped: ReadonlyMap<string, number>; userGroupIds: readonly string[] }): number[] {
  const managed = new Set(input.mapped.values());
  const wanted = new Set(input.current.filter((id) => !managed.has(id)));
  for (const groupId of input.userGroupIds) {
    const target = input.mapped.get(groupId);
    if (target !== undefined) wanted.add(target);
  }
  return [...wanted].sort((a, b) => a - b);
}

export function sameGroups(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...a].sort((x, y) => x - y);
  return [...b].sort((x, y) => x - y).every((id, i) => id === sorted[i]);
}

/** What a group needs so its members can use Paperless: the web UI and every app need view_uisettings; Paperless Mobile also reads /api/users/{id}/. */
export const NEEDED_GROUP_PERMISSIONS = [
  { codename: 'view_uisettings', why: 'without it the Paperless web UI and the apps cannot load their settings (403 on /api/ui_settings/)' },
  { codename: 'view_user', why: 'Paperless Mobile reads the signed-in user through /api/users/{id}/' },
] as const;

export type GroupWarning = { paperlessGroupId: number; paperlessGroupName: string; missing: string[]; message: string };

export function groupPermissionWarnings(
  groups: readonly { id: number; name: string; permissions: readonly string[] }[],
  mappedIds: Iterable<number>,
): GroupWarning[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const warnings: GroupWarning[] = [];
  for (const id of new Set(mappedIds)) {
    const group = byId.get(id);
    if (!group) {
      warnings.push({
        paperlessGroupId: id,
        paperlessGroupName: `#${id}`,
        missing: [],
        message: `Paperless group #${id} no longer exists: map the Gatehouse group again.`,
      });
      continue;
    }
    const have = new Set(group.permissions.map((p) => p.replace(/^[a-z_]+\./, '')));
    const missing = NEEDED_GROUP_PERMISSIONS.filter((p) => !have.has(p.codename));
    if (missing.length) {
      warnings.push({
        paperlessGroupId: id,
        paperlessGroupName: group.name,
        missing: missing.map((m) => m.codename),
        message: `Paperless group "${group.name}" lacks ${missing.map((m) => `${m.codename} (${m.why})`).join('; ')}.`,
      });
    }
  }
  return warnings;
}
