/**
 * A directory entry as Gatehouse reads it (`DirectoryUser`): the mapped attributes, its stable id
 * in one canonical form, and whether the directory has disabled it (Active Directory's
 * userAccountControl ACCOUNTDISABLE bit, OpenLDAP's ppolicy pwdAccountLockedTime, 389 DS /
 * FreeIPA's nsAccountLock). Pure.
 *
 * Exported (stable): `type DirectoryUser`, `userAttributesOf(settings)`, `mapDirectoryEntry(entry, settings, groups)`.
 */
import type { Entry } from 'ldapts';
import type { DirectorySettings } from './directory-settings';

export type DirectoryUser = {
  dn: string;
  /** entryUUID / ipaUniqueID lower-cased, or AD's objectGUID as a lower-case UUID string. */
  uid: string;
  /** The username attribute's value, lower-cased. */
  username: string;
  email: string | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  /** Directory group names (as the directory spells them), direct and, when configured, nested. */
  groups: string[];
  disabled: boolean;
  /** Why the entry counts as disabled, for the admin ("userAccountControl", "pwdAccountLockedTime", "nsAccountLock"). */
  disabledBy: string | null;
};

const STATUS_ATTRIBUTES = ['userAccountControl', 'pwdAccountLockedTime', 'nsAccountLock'];

/** The attributes a user look-up asks for. */
export function userAttributesOf(settings: DirectorySettings): string[] {
  const a = settings.attributes;
  return [
    ...new Set([
      a.username,
      a.uid,
      a.email,
      a.displayName,
      a.givenName,
      a.familyName,
      ...(settings.groups.from === 'member-of' ? ['memberOf'] : []),
      ...STATUS_ATTRIBUTES,
    ]),
  ];
}

/** Attributes that must come back as bytes (AD's objectGUID is a 16-byte binary value). */
export function binaryAttributesOf(settings: DirectorySettings): string[] {
  return settings.attributes.uid.toLowerCase() === 'objectguid' ? [settings.attributes.uid] : [];
}

/** Every value of `name` (attribute names are case-insensitive), as strings or buffers. */
export function valuesOf(entry: Entry, name: string): (string | Buffer)[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key || key === 'dn') return [];
  const value = entry[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function firstString(entry: Entry, name: string): string | null {
  const value = valuesOf(entry, name)[0];
  if (value === undefined) return null;
  const text = (typeof value === 'string' ? value : value.toString('utf8')).trim();
  return text === '' ? null : text;
}

/** AD's objectGUID bytes as the UUID string Windows shows (its first three fields are little-endian), lower-case. */
export function guidToUuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error('objectGUID must be 16 bytes');
  const hex = (order: number[]) => order.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}

function uidOf(entry: Entry, settings: DirectorySettings): string | null {
  const value = valuesOf(entry, settings.attributes.uid)[0];
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.length === 16 && settings.attributes.uid.toLowerCase() === 'objectguid' ? guidToUuid(value) : value.toString('hex');
  const text = value.trim().toLowerCase();
  return text === '' ? null : text;
}

function disabledBy(entry: Entry): string | null {
  const control = Number.parseInt(firstString(entry, 'userAccountControl') ?? '', 10);
  if (Number.isFinite(control) && (control & 2) === 2) return 'userAccountControl';
  if (firstString(entry, 'pwdAccountLockedTime')) return 'pwdAccountLockedTime';
  if (firstString(entry, 'nsAccountLock')?.toLowerCase() === 'true') return 'nsAccountLock';
  return null;
}

/** The entry mapped, or null when it lacks a username or a stable id (it cannot be an account). */
export function mapDirectoryEntry(entry: Entry, settings: DirectorySettings, groups: string[]): DirectoryUser | null {
  const a = settings.attributes;
  const username = firstString(entry, a.username)?.toLowerCase() ?? null;
  const uid = uidOf(entry, settings);
  if (!username || !uid) return null;
  const by = disabledBy(entry);
  return {
    dn: entry.dn,
    uid,
    username,
    email: firstString(entry, a.email)?.toLowerCase() ?? null,
    displayName: firstString(entry, a.displayName),
    givenName: firstString(entry, a.givenName),
    familyName: firstString(entry, a.familyName),
    groups,
    disabled: by !== null,
    disabledBy: by,
  };
}
