/**
 * Finds the one directory entry a login names, through the pooled service connection: the
 * configured user filter AND (username attribute = value) — or the email attribute for an email
 * login — as filter objects, so `*`, `(`, `)` and `\` in a login are matched literally (RFC 4515
 * escaping by ldapts), never widening the search. Two entries for one login: ambiguous, refused.
 * On Active Directory `user@<UPN domain>` is a userPrincipalName first (searchLogin).
 * Search continuation references (referrals) are not followed.
 *
 * Exported (stable): `findDirectoryUser(settings, login) → DirectoryUserSearch`. A sign-in uses
 * `findDirectoryEntry` (no group searches) and reads the groups with `withDirectoryGroups` only once
 * the password is right: a wrong password then costs what a login naming nobody costs.
 */
import { AndFilter, type Client, type Entry, EqualityFilter, type Filter, FilterParser } from 'ldapts';
import { type DirectoryLogin, directoryLoginOf } from './directory-login';
import { withServiceConnection } from './directory-pool';
import type { DirectorySettings } from './directory-settings';
import { binaryAttributesOf, type DirectoryUser, mapDirectoryEntry, userAttributesOf } from './map-directory-entry';
import { resolveDirectoryGroups } from './resolve-directory-groups';

export type DirectoryUserSearch =
  | { status: 'found'; user: DirectoryUser }
  /** `referrals`: continuation references the directory answered with (not followed). */
  | { status: 'none'; referrals: number }
  | { status: 'ambiguous'; dns: string[] }
  /** The entry has no username or no stable id attribute: it cannot be an account. */
  | { status: 'unusable'; dn: string };

/** Searches the user base for `filter` (ANDed with the user filter); at most `sizeLimit` entries. */
export async function searchUserEntries(client: Client, settings: DirectorySettings, filter: Filter, sizeLimit: number) {
  return client.search(settings.userBase, {
    scope: 'sub',
    filter: new AndFilter({ filters: [FilterParser.parseString(settings.userFilter), filter] }),
    attributes: userAttributesOf(settings),
    explicitBufferAttributes: binaryAttributesOf(settings),
    sizeLimit,
  });
}

/** Maps one found entry with its groups, on the same connection. */
export async function readUser(client: Client, settings: DirectorySettings, entry: Entry): Promise<DirectoryUserSearch> {
  const preliminary = mapDirectoryEntry(entry, settings, []);
  if (!preliminary) return { status: 'unusable', dn: entry.dn };
  const groups = await resolveDirectoryGroups(client, settings, entry, preliminary.username);
  return { status: 'found', user: { ...preliminary, groups } };
}

/**
 * The entries a login names. `user@<UPN domain>` on Active Directory (username attribute
 * sAMAccountName) is looked up as AD resolves it: the explicit userPrincipalName first, which
 * need not start with the sAMAccountName, then sAMAccountName = user (the implicit UPN).
 */
async function searchLogin(client: Client, settings: DirectorySettings, named: DirectoryLogin) {
  if (named.upn && settings.attributes.username.toLowerCase() === 'samaccountname') {
    const explicit = await searchUserEntries(client, settings, new EqualityFilter({ attribute: 'userPrincipalName', value: named.upn }), 2);
    if (explicit.searchEntries.length > 0) return explicit;
  }
  const attribute = named.by === 'email' ? settings.attributes.email : settings.attributes.username;
  return searchUserEntries(client, settings, new EqualityFilter({ attribute, value: named.value }), 2);
}

/** The entry a login names, mapped without its groups (`user.groups` is empty): see withDirectoryGroups. */
export type DirectoryEntrySearch = Exclude<DirectoryUserSearch, { status: 'found' }> | { status: 'found'; user: DirectoryUser; entry: Entry };

export async function findDirectoryEntry(settings: DirectorySettings, login: string): Promise<DirectoryEntrySearch> {
  const named = directoryLoginOf(settings, login);
  if (!named) return { status: 'none', referrals: 0 };
  return withServiceConnection(settings, async (client) => {
    const { searchEntries, searchReferences } = await searchLogin(client, settings, named);
    if (searchEntries.length > 1) return { status: 'ambiguous', dns: searchEntries.map((e) => e.dn) };
    const entry = searchEntries[0];
    if (!entry) return { status: 'none', referrals: searchReferences.length };
    const user = mapDirectoryEntry(entry, settings, []);
    return user ? { status: 'found', user, entry } : { status: 'unusable', dn: entry.dn };
  });
}

/** The found entry's user with its directory groups (nested as configured). */
export function withDirectoryGroups(settings: DirectorySettings, found: { user: DirectoryUser; entry: Entry }): Promise<DirectoryUser> {
  return withServiceConnection(settings, async (client) => ({
    ...found.user,
    groups: await resolveDirectoryGroups(client, settings, found.entry, found.user.username),
  }));
}

export async function findDirectoryUser(settings: DirectorySettings, login: string): Promise<DirectoryUserSearch> {
  const found = await findDirectoryEntry(settings, login);
  return found.status === 'found' ? { status: 'found', user: await withDirectoryGroups(settings, found) } : found;
}
