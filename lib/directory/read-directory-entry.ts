/**
 * Reads one directory user again, for the periodic sync: by its stable id (the account's
 * directoryUid) under the user base and through the user filter, so an entry that was moved is
 * still found and one that no longer passes the filter is not. Through the pooled service
 * connection; groups resolved as at sign-in.
 *
 * Exported (stable): `readDirectoryEntry(settings, { uid }) → DirectoryUser | null` (null: gone or
 * no longer matches the filter), `listDirectoryUids(settings) → string[]` (every user the filter finds).
 * Throws DirectoryError when the directory cannot answer: the sync must then change nothing.
 */
import { AndFilter, EqualityFilter, FilterParser, PresenceFilter } from 'ldapts';
import { withServiceConnection } from './directory-pool';
import type { DirectorySettings } from './directory-settings';
import { readUser, searchUserEntries } from './find-directory-user';
import { binaryAttributesOf, type DirectoryUser, guidToUuid, mapDirectoryEntry } from './map-directory-entry';

/** An objectGUID is searched by its bytes (escaped by ldapts); other ids by their text. */
function uidValue(settings: DirectorySettings, uid: string): string | Buffer {
  if (settings.attributes.uid.toLowerCase() !== 'objectguid') return uid;
  const hex = uid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return uid;
  const b = Buffer.from(hex, 'hex');
  const bytes = Buffer.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
  if (guidToUuid(bytes) !== uid) return uid;
  return bytes;
}

export async function readDirectoryEntry(settings: DirectorySettings, input: { uid: string }): Promise<DirectoryUser | null> {
  return withServiceConnection(settings, async (client) => {
    const filter = new EqualityFilter({ attribute: settings.attributes.uid, value: uidValue(settings, input.uid) });
    const { searchEntries } = await searchUserEntries(client, settings, filter, 2);
    if (searchEntries.length !== 1) return null;
    const read = await readUser(client, settings, searchEntries[0]!);
    return read.status === 'found' && read.user.uid === input.uid ? read.user : null;
  });
}

/** The stable ids of every user entry the user filter finds under the user base (paged). */
export async function listDirectoryUids(settings: DirectorySettings): Promise<string[]> {
  return withServiceConnection(settings, async (client) => {
    const uids: string[] = [];
    const pages = client.searchPaginated(settings.userBase, {
      scope: 'sub',
      filter: new AndFilter({ filters: [FilterParser.parseString(settings.userFilter), new PresenceFilter({ attribute: settings.attributes.uid })] }),
      attributes: [settings.attributes.uid, settings.attributes.username],
      explicitBufferAttributes: binaryAttributesOf(settings),
      paged: { pageSize: 500 },
    });
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        const user = mapDirectoryEntry(entry, settings, []);
        if (user) uids.push(user.uid);
      }
    }
    return uids;
  });
}
