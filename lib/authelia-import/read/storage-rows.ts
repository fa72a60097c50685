/**
 * Turns the rows of an Authelia storage (SQLite or PostgreSQL: read-storage-*.ts) into the
 * installation's TOTP and WebAuthn lists, decrypting as Authelia does (authelia-crypto.ts).
 *
 * A wrong encryption key is detected on the first encrypted value (the `check` row Authelia writes
 * at start, else the first TOTP secret or public key) and stops the whole read with a clear error:
 * nothing is imported. A value that fails authentication after the key was proven right means the
 * database was altered: that stops the read too, naming the row (never its content).
 */
import { TOTP_ALGORITHMS, type AutheliaTotp, type AutheliaWebAuthn, type TotpAlgorithm } from '../types';
import { type AutheliaAad, autheliaCipher } from './authelia-crypto';
import { readError } from './read-error';

/** The oldest schema read: 12 (Authelia 4.38) brought the webauthn_credentials table. */
export const MIN_SCHEMA_VERSION = 12;
/** The newest schema this reader follows (internal/storage/encryption_aad.go, schema 26). */
export const MAX_SCHEMA_VERSION = 26;
/** More rows than a household or a club has: refused rather than read into memory. */
export const MAX_ROWS = 20_000;

export type Row = Record<string, unknown>;
export type StorageRows = {
  schemaVersion: number;
  /** The encrypted `check` value of the `encryption` table, or null when there is none. */
  check: Uint8Array | null;
  totp: Row[];
  webauthn: Row[];
  /** Authelia's `webauthn_users`: the user handle of each (rpid, username). */
  webauthnUsers: Row[];
};

export const WRONG_KEY =
  'The storage encryption key does not decrypt this database (AES-GCM authentication failed). Check storage.encryption_key or the file AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE names. Nothing was imported.';

/** Checks a schema version read from the `migrations` table. */
export function checkSchemaVersion(version: number): number {
  if (!Number.isInteger(version)) throw readError('The storage has no readable schema version (table migrations).');
  if (version < MIN_SCHEMA_VERSION) {
    throw readError(
      `The storage is at schema version ${version}; upgrade Authelia to 4.38 or later (schema ${MIN_SCHEMA_VERSION}+) and start it once before importing.`,
    );
  }
  if (version > MAX_SCHEMA_VERSION) {
    throw readError(
      `The storage is at schema version ${version}, newer than this importer knows (${MAX_SCHEMA_VERSION}); its encryption may differ, so nothing is read.`,
    );
  }
  return version;
}

const bytes = (value: unknown, what: string): Uint8Array => {
  if (value instanceof Uint8Array) return value;
  throw readError(`${what} is not binary data as Authelia stores it`);
};
const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const flag = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't' || value === 'true' || value === 1n;
const integer = (value: unknown): number => {
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isSafeInteger(n) ? n : Number.NaN;
};

/** SQLite gives Authelia's timestamps as text, PostgreSQL as Date. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const iso = value
    .replace(' ', 'T')
    .replace(/ ([+-]\d\d:?\d\d)$/, '$1')
    .replace(/ UTC$/, 'Z');
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const BASE32 = /^[A-Z2-7]+=*$/;

export function decodeStorageRows(rows: StorageRows, encryptionKey: string): { totp: AutheliaTotp[]; webauthn: AutheliaWebAuthn[] } {
  if (rows.totp.length > MAX_ROWS || rows.webauthn.length > MAX_ROWS || rows.webauthnUsers.length > MAX_ROWS)
    throw readError(`The storage has more than ${MAX_ROWS} TOTP or WebAuthn rows; refusing to read it.`);
  if (encryptionKey === '') throw readError('No storage encryption key was given (storage.encryption_key or AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE).');
  const cipher = autheliaCipher(encryptionKey, rows.schemaVersion);
  let proven = false;
  const open = (value: Uint8Array, aad: AutheliaAad, what: string): Buffer => {
    const plain = cipher.open(value, aad);
    if (plain) {
      proven = true;
      return plain;
    }
    throw readError(proven ? `${what} does not decrypt although the key is right: the database was altered. Nothing was imported.` : WRONG_KEY);
  };
  if (rows.check) open(rows.check, { table: 'encryption', column: 'value', row: 'check' }, 'The encryption check value');

  const totp = rows.totp.map((row): AutheliaTotp => {
    const username = text(row.username);
    const what = `The TOTP secret of ${JSON.stringify(username)}`;
    const secret = open(bytes(row.secret, what), { table: 'totp_configurations', column: 'secret', row: username }, what).toString('utf8');
    const algorithm = text(row.algorithm).toUpperCase();
    const digits = integer(row.digits);
    const period = integer(row.period);
    if (!BASE32.test(secret)) throw readError(`${what} is not base32 after decryption: the database was altered. Nothing was imported.`);
    if (!(TOTP_ALGORITHMS as readonly string[]).includes(algorithm) || (digits !== 6 && digits !== 8) || !(period >= 15 && period <= 300)) {
      throw readError(
        `The TOTP configuration of ${JSON.stringify(username)} has algorithm ${algorithm}, ${digits} digits, period ${period}: not one Authelia writes.`,
      );
    }
    return {
      username,
      issuer: row.issuer === null || row.issuer === undefined ? null : text(row.issuer),
      algorithm: algorithm as TotpAlgorithm,
      digits: digits as 6 | 8,
      period,
      secret: secret.replace(/=+$/, ''),
      createdAt: toDate(row.created_at),
      lastUsedAt: toDate(row.last_used_at),
    };
  });

  const handles = userHandles(rows.webauthnUsers);
  const webauthn = rows.webauthn.map((row): AutheliaWebAuthn => {
    const username = text(row.username);
    const kid = text(row.kid);
    const rpId = text(row.rpid);
    const what = `The WebAuthn credential ${JSON.stringify(text(row.description))} of ${JSON.stringify(username)}`;
    if (!/^[A-Za-z0-9+/]+=*$/.test(kid)) throw readError(`${what} has a credential id that is not base64.`);
    const publicKey = open(bytes(row.public_key, what), { table: 'webauthn_credentials', column: 'public_key', row: kid, issuer: rpId }, what);
    const signCount = integer(row.sign_count);
    return {
      username,
      description: text(row.description),
      rpId,
      credentialId: Buffer.from(kid, 'base64').toString('base64url'),
      publicKey: publicKey.toString('base64url'),
      signCount: Number.isNaN(signCount) || signCount < 0 ? 0 : signCount,
      aaguid: row.aaguid ? text(row.aaguid).toLowerCase() : null,
      transports: text(row.transport)
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      userHandle: handles.get(`${rpId}\n${username}`) ?? null,
      discoverable: flag(row.discoverable),
      backupEligible: flag(row.backup_eligible),
      backupState: flag(row.backup_state),
      attachment: text(row.attachment),
      createdAt: toDate(row.created_at),
      lastUsedAt: toDate(row.last_used_at),
    };
  });
  return { totp, webauthn };
}

/**
 * Authelia registers a credential with user handle `[]byte(WebAuthnUser.UserID)`
 * (internal/model/webauthn.go WebAuthnID), the `userid` of the user's `webauthn_users` row for that
 * RP ID: 64 random ASCII characters made once per (rpid, username) (internal/handlers/webauthn.go,
 * `Random.StringCustom(64, random.CharSetASCII)`; a discoverable sign-in finds the user by it,
 * LoadWebAuthnUserByUserID). The handle is those characters' bytes, kept as base64url.
 */
function userHandles(rows: Row[]): Map<string, string> {
  const handles = new Map<string, string>();
  for (const row of rows) {
    const userId = text(row.userid).trimEnd();
    if (userId === '' || userId.length > 64) throw readError(`The WebAuthn user ${JSON.stringify(text(row.username))} has no usable user id.`);
    handles.set(`${text(row.rpid)}\n${text(row.username)}`, Buffer.from(userId, 'utf8').toString('base64url'));
  }
  return handles;
}

/** The columns read, the same for both dialects (Authelia's own names, schema 12 and later). */
export const TOTP_COLUMNS = 'created_at, last_used_at, username, issuer, algorithm, digits, period, secret';
export const WEBAUTHN_COLUMNS =
  'created_at, last_used_at, rpid, username, description, kid, aaguid, attachment, transport, sign_count, discoverable, backup_eligible, backup_state, public_key';
export const WEBAUTHN_USER_COLUMNS = 'rpid, username, userid';
