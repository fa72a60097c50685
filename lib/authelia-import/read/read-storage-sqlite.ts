/**
 * Reads an Authelia SQLite storage (storage.local.path, usually authelia.db) read-only with
 * better-sqlite3: a path on the server, or the uploaded file's bytes. A file that is not a SQLite
 * database, is truncated or fails SQLite's own consistency check is refused with a clear error.
 */
import Database from 'better-sqlite3';
import { MAX_ROWS, TOTP_COLUMNS, WEBAUTHN_COLUMNS, WEBAUTHN_USER_COLUMNS, checkSchemaVersion, type Row, type StorageRows } from './storage-rows';
import { readError } from './read-error';

/** Larger than any household's Authelia database; a bigger upload is refused before it is opened. */
export const MAX_SQLITE_BYTES = 256 * 1024 * 1024;

function openDatabase(source: string | Uint8Array): Database.Database {
  try {
    const db =
      typeof source === 'string' ? new Database(source, { readonly: true, fileMustExist: true }) : new Database(Buffer.from(source), { readonly: true });
    // query_only: nothing, not even a journal recovery, is written to the Authelia file.
    db.pragma('query_only = ON');
    return db;
  } catch (error) {
    throw readError(`The storage file cannot be opened as a SQLite database (${sqliteReason(error)}).`);
  }
}

function sqliteReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') return 'it is not a SQLite database';
  if (code === 'SQLITE_CORRUPT') return 'it is damaged or truncated';
  if (code === 'SQLITE_CANTOPEN') return 'it does not exist or cannot be read';
  return code ?? 'unreadable';
}

export function readSqliteStorage(source: string | Uint8Array): StorageRows {
  if (typeof source !== 'string' && source.byteLength > MAX_SQLITE_BYTES) throw readError('The storage file is larger than 256 MiB.');
  const db = openDatabase(source);
  try {
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok')
      throw readError('The storage file is damaged or truncated (SQLite quick_check failed). Nothing was imported.');
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    for (const table of ['migrations', 'encryption', 'totp_configurations', 'webauthn_credentials', 'webauthn_users']) {
      if (!tables.has(table)) throw readError(`The storage file has no ${table} table: it is not an Authelia database of version 4.38 or later.`);
    }
    const latest = db.prepare('SELECT version_after FROM migrations ORDER BY id DESC LIMIT 1').get() as { version_after: number } | undefined;
    const schemaVersion = checkSchemaVersion(Number(latest?.version_after));
    const checkRow = db.prepare("SELECT value FROM encryption WHERE name = 'check'").get() as { value: Uint8Array } | undefined;
    const all = (sql: string) => db.prepare(`${sql} LIMIT ${MAX_ROWS + 1}`).all() as Row[];
    return {
      schemaVersion,
      check: checkRow?.value ?? null,
      totp: all(`SELECT ${TOTP_COLUMNS} FROM totp_configurations ORDER BY id`),
      webauthn: all(`SELECT ${WEBAUTHN_COLUMNS} FROM webauthn_credentials ORDER BY id`),
      webauthnUsers: all(`SELECT ${WEBAUTHN_USER_COLUMNS} FROM webauthn_users ORDER BY id`),
    };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_')) {
      throw readError(`The storage file cannot be read (${sqliteReason(error)}). Nothing was imported.`);
    }
    throw error;
  } finally {
    db.close();
  }
}
