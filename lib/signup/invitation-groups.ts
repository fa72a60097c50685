/** An invitation's groups, stored as a JSON list; anything unreadable counts as no groups. */
export function readInvitationGroups(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
