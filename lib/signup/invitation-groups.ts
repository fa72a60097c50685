import { readStringList } from '../text/string-list';

/** An invitation's groups, stored as a JSON list; anything unreadable counts as no groups. */
export function readInvitationGroups(raw: string): string[] {
  return readStringList(raw);
}
