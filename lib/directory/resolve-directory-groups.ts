/**
 * The directory groups of a user entry, by name: from its memberOf values or from a group search
 * (member = the user's DN, or memberUid = the username for posixGroup), then, when configured,
 * the groups those groups are in: Active Directory answers that in one search with
 * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941); `walk` asks level by level (bounded).
 * Filters are built as objects (ldapts escapes the values per RFC 4515), never as text.
 */
import { AndFilter, type Client, type Entry, EqualityFilter, ExtensibleFilter, type Filter, FilterParser, OrFilter } from 'ldapts';
import type { DirectorySettings } from './directory-settings';
import { firstRdnValue } from './dn';
import { firstString, valuesOf } from './map-directory-entry';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const MAX_LEVELS = 8;
const MAX_GROUPS = 500;

type Group = { dn: string; name: string };

async function searchGroups(client: Client, settings: DirectorySettings, filter: Filter): Promise<Group[]> {
  const { searchEntries } = await client.search(settings.groups.base, {
    scope: 'sub',
    filter: new AndFilter({ filters: [FilterParser.parseString(settings.groups.filter), filter] }),
    attributes: [settings.groups.nameAttribute],
    sizeLimit: MAX_GROUPS,
  });
  return searchEntries.flatMap((e: Entry) => {
    const name = firstString(e, settings.groups.nameAttribute) ?? firstRdnValue(e.dn)?.value;
    return name ? [{ dn: e.dn, name }] : [];
  });
}

function memberOfGroups(entry: Entry): Group[] {
  return valuesOf(entry, 'memberOf').flatMap((value) => {
    const dn = typeof value === 'string' ? value : value.toString('utf8');
    const name = firstRdnValue(dn)?.value;
    return name ? [{ dn, name }] : [];
  });
}

async function directGroups(client: Client, settings: DirectorySettings, entry: Entry, username: string): Promise<Group[]> {
  if (settings.groups.from === 'member-of') return memberOfGroups(entry);
  const member = settings.groups.memberAttribute;
  return searchGroups(client, settings, new EqualityFilter({ attribute: member, value: member.toLowerCase() === 'memberuid' ? username : entry.dn }));
}

async function walk(client: Client, settings: DirectorySettings, start: Group[]): Promise<Group[]> {
  const seen = new Map(start.map((g) => [g.dn.toLowerCase(), g]));
  let frontier = start;
  for (let level = 0; level < MAX_LEVELS && frontier.length > 0 && seen.size < MAX_GROUPS; level++) {
    const filters = frontier.map((g) => new EqualityFilter({ attribute: settings.groups.memberAttribute, value: g.dn }));
    const parents = await searchGroups(client, settings, filters.length === 1 ? filters[0]! : new OrFilter({ filters }));
    frontier = parents.filter((g) => !seen.has(g.dn.toLowerCase()));
    for (const g of frontier) seen.set(g.dn.toLowerCase(), g);
  }
  return [...seen.values()];
}

/** The names of every group the entry is in (direct, and nested as configured), without duplicates. */
export async function resolveDirectoryGroups(client: Client, settings: DirectorySettings, entry: Entry, username: string): Promise<string[]> {
  const direct = await directGroups(client, settings, entry, username);
  let all = direct;
  if (settings.groups.nested === 'in-chain') {
    all = [
      ...direct,
      ...(await searchGroups(client, settings, new ExtensibleFilter({ matchType: settings.groups.memberAttribute, rule: IN_CHAIN, value: entry.dn }))),
    ];
  } else if (settings.groups.nested === 'walk') all = await walk(client, settings, direct);
  const byName = new Map<string, string>();
  for (const g of all) if (!byName.has(g.name.toLowerCase())) byName.set(g.name.toLowerCase(), g.name);
  return [...byName.values()].sort((a, b) => a.localeCompare(b));
}
