/**
 * `npm run backup`: a consistent snapshot of the database and the secrets file, in one new folder
 * named by the UTC time (0700, files 0600), with a manifest checked by the restore.
 *
 * SQLite: SQLite's online backup API (better-sqlite3 `db.backup`) on a connection of its own; the
 * portal may go on writing. The copy is checked with `PRAGMA integrity_check` and switched out of
 * WAL mode, so it is one self-contained file. PostgreSQL: `pg_dump` in its custom format without
 * owners (one transaction snapshot, so also consistent while the portal writes).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StorageEnv } from '../config';
import { MIGRATIONS_TABLE } from '../db/migrate';
import { BackupError } from './backup-error';
import { backupFolderName, DATABASE_COPY, describeFile, MANIFEST_FILE, SECRETS_COPY, type Manifest } from './manifest';
import { findPostgresTool, postgresConnection, runPostgresTool } from './postgres-tools';

export type BackupInput = {
  storage: StorageEnv;
  gatehouseVersion: string;
  /** The folder the backup folder is made in (default: <data dir>/backups). */
  destination?: string;
  now?: Date;
};

export type BackupResult = { dir: string; manifest: Manifest };

/** Copies the SQLite database through the online backup API; returns the last migration in the copy. */
async function snapshotSqlite(source: string, target: string): Promise<string | null> {
  if (!existsSync(source)) throw new BackupError(`There is no SQLite database at ${source} (is DATABASE_URL or GATEHOUSE_DATA_DIR right?).`);
  const db = new Database(source, { fileMustExist: true, timeout: 30_000 });
  try {
    // The first step copies a few pages; the next one all that are left, under one read lock,
    // so writes by the portal in between cannot make the copy start over and over.
    await db.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    db.close();
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The copy of the database fails SQLite's integrity check: ${String(check)}`);
    const hasTable = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (!hasTable) return null;
    const row = copy.prepare(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name" DESC LIMIT 1`).get() as { name: string } | undefined;
    return row?.name ?? null;
  } finally {
    copy.close();
  }
}

async function lastPostgresMigration(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const table = await client.query('SELECT to_regclass($1) AS t', [`"${MIGRATIONS_TABLE}"`]);
    if (!table.rows[0]?.t) return null;
    const row = await client.query(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name" DESC LIMIT 1`);
    return (row.rows[0]?.name as string | undefined) ?? null;
  } finally {
    await client.end();
  }
}

async function dumpPostgres(url: string, target: string): Promise<string | null> {
  const pgDump = findPostgresTool('pg_dump');
  const lastMigration = await lastPostgresMigration(url).catch((error: Error) => {
    throw new BackupError(`Gatehouse cannot reach its PostgreSQL database: ${error.message}`);
  });
  const connection = postgresConnection(url);
  await runPostgresTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${target}`, `--dbname=${connection.url}`], connection.password);
  return lastMigration;
}

export async function createBackup(input: BackupInput): Promise<BackupResult> {
  const { storage } = input;
  const now = input.now ?? new Date();
  if (!existsSync(storage.secretsFile)) {
    throw new BackupError(
      `There is no secrets file at ${storage.secretsFile}. It holds the keys that seal TOTP seeds, tokens and signing keys; ` +
        'a backup without it cannot be restored usefully. Start Gatehouse once with this data folder, or check GATEHOUSE_DATA_DIR.',
    );
  }
  const parent = resolve(input.destination ?? join(storage.dataDir, 'backups'));
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  const dir = join(parent, backupFolderName(now));
  if (existsSync(dir)) throw new BackupError(`${dir} already exists: wait a second and run the backup again.`);
  // Written under a temporary name and renamed when complete: a folder with the final name is a whole backup.
  const partial = `${dir}.partial`;
  mkdirSync(partial, { mode: 0o700 });
  try {
    const { dialect } = storage.database;
    const databaseName = DATABASE_COPY[dialect];
    const databasePath = join(partial, databaseName);
    const lastMigration =
      dialect === 'sqlite' ? await snapshotSqlite(storage.database.sqlitePath!, databasePath) : await dumpPostgres(storage.database.url, databasePath);
    chmodSync(databasePath, 0o600);
    copyFileSync(storage.secretsFile, join(partial, SECRETS_COPY));
    chmodSync(join(partial, SECRETS_COPY), 0o600);
    const manifest: Manifest = {
      format: 'gatehouse-backup',
      formatVersion: 1,
      gatehouseVersion: input.gatehouseVersion,
      dialect,
      lastMigration,
      createdAt: now.toISOString(),
      encryptionKeyInBackup: !storage.encryptionKeyFromEnvironment,
      files: [await describeFile(partial, databaseName, 'database'), await describeFile(partial, SECRETS_COPY, 'secrets')],
    };
    writeFileSync(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(partial, dir);
    return { dir, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
