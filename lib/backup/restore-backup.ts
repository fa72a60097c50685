/**
 * `npm run restore -- <backup folder> [--force]`: brings a backup back into the data folder and
 * the database this configuration names, on a fresh machine or over an old installation.
 *
 * Everything is checked before anything changes: the manifest and every file's SHA-256, the
 * dialect, the encryption key, and that no database or secrets file would be overwritten (unless
 * --force: then the old ones are moved aside, never deleted). Then the database (a copy of the
 * SQLite snapshot, or pg_restore into the database DATABASE_URL names), the secrets file (0600),
 * and the migrations, so a backup made by an older Gatehouse comes up to date.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { StorageEnv } from '../config';
import { migrate } from '../db/migrate';
import { BackupError } from './backup-error';
import { type BackupFile, checkBackupFiles, fileOfRole, MANIFEST_FILE, parseManifest, sha256OfFile, type Manifest } from './manifest';
import { describeDatabase, movePostgresAside, postgresRelationCount, restorePostgres } from './postgres-target';

export type RestoreInput = {
  storage: StorageEnv;
  backupDir: string;
  force: boolean;
  migrationsDir: string;
  now?: Date;
};

export type RestoreResult = { manifest: Manifest; lines: string[] };

/** Reads and checks the backup folder; throws a BackupError listing every problem found. */
export async function readBackup(backupDir: string): Promise<Manifest> {
  const dir = resolve(backupDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BackupError(`${dir} is not a folder. Name the backup folder (it holds ${MANIFEST_FILE}).`);
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new BackupError(`${dir} holds no ${MANIFEST_FILE}: it is not a Gatehouse backup folder.`);
  const parsed = parseManifest(readFileSync(manifestPath, 'utf8'));
  if (!parsed.ok) throw new BackupError(`Not restoring: ${parsed.problem}.`);
  const problems = await checkBackupFiles(dir, parsed.manifest);
  if (problems.length) throw new BackupError(`Not restoring: the backup is not intact.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return parsed.manifest;
}

const stampOf = (now: Date) =>
  now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** Moves `path` (and its SQLite companions) to `<path>.before-restore-<stamp>`; returns what was moved. */
function moveAside(path: string, stamp: string, companions: string[] = []): string[] {
  const moved: string[] = [];
  for (const suffix of ['', ...companions]) {
    const from = `${path}${suffix}`;
    if (!existsSync(from)) continue;
    const to = `${path}.before-restore-${stamp}${suffix}`;
    if (existsSync(to)) throw new BackupError(`${to} already exists: move it away first.`);
    renameSync(from, to);
    moved.push(`moved ${from} aside to ${to}`);
  }
  return moved;
}

/** Copies under a temporary name, checks the copy against the manifest, then renames: the target is never half written. */
async function placeFile(from: string, to: string, file: BackupFile): Promise<void> {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  const temporary = `${to}.restoring-${process.pid}`;
  copyFileSync(from, temporary);
  chmodSync(temporary, 0o600);
  if ((await sha256OfFile(temporary)) !== file.sha256) {
    rmSync(temporary, { force: true });
    throw new BackupError(`${file.name} changed while it was being restored; nothing was put in place of ${to}.`);
  }
  renameSync(temporary, to);
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const { storage } = input;
  const backupDir = resolve(input.backupDir);
  const now = input.now ?? new Date();
  const manifest = await readBackup(backupDir);
  const { dialect } = storage.database;
  const problems: string[] = [];
  if (manifest.dialect !== dialect) {
    problems.push(
      `this backup holds a ${manifest.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database, but DATABASE_URL names ${describeDatabase(storage)}: ` +
        `set DATABASE_URL to ${manifest.dialect === 'sqlite' ? 'a file: path (or leave it unset)' : 'a postgresql:// URL'} and run the restore again`,
    );
  }
  if (!manifest.encryptionKeyInBackup && !storage.encryptionKeyFromEnvironment) {
    problems.push(
      'this backup was made with GATEHOUSE_ENCRYPTION_KEY, which is not in the backup: set it to the same key (kept apart from the backup) and run the restore again',
    );
  }
  const existing: string[] = [];
  if (existsSync(storage.secretsFile)) existing.push(`a secrets file at ${storage.secretsFile}`);
  let postgresInUse = false;
  if (manifest.dialect === dialect) {
    if (dialect === 'sqlite') {
      if (existsSync(storage.database.sqlitePath!)) existing.push(`a database at ${storage.database.sqlitePath}`);
    } else {
      const relations = await postgresRelationCount(storage.database.url);
      postgresInUse = relations > 0;
      if (postgresInUse) existing.push(`${relations} table(s), index(es) or sequence(s) in ${describeDatabase(storage)}`);
    }
  }
  if (existing.length && !input.force) {
    problems.push(
      `there is already ${existing.join(' and ')}; restore into a fresh data folder and database, or run with --force to move the old ones aside (nothing is deleted)`,
    );
  }
  if (problems.length) throw new BackupError(`Not restoring:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const lines: string[] = [
    `Backup ${backupDir}: Gatehouse ${manifest.gatehouseVersion}, ${manifest.dialect}, made ${manifest.createdAt}, every file's checksum matches.`,
  ];
  const stamp = stampOf(now);
  mkdirSync(storage.dataDir, { recursive: true, mode: 0o700 });
  const databaseFile = fileOfRole(manifest, 'database');
  const database = join(backupDir, databaseFile.name);
  if (dialect === 'sqlite') {
    const target = storage.database.sqlitePath!;
    if (input.force) lines.push(...moveAside(target, stamp, ['-wal', '-shm', '-journal']));
    await placeFile(database, target, databaseFile);
    lines.push(`restored the SQLite database to ${target}`);
  } else {
    if (postgresInUse) lines.push(await movePostgresAside(storage.database.url, stamp));
    await restorePostgres(storage.database.url, database);
    lines.push(`restored the PostgreSQL database into ${describeDatabase(storage)} with pg_restore`);
  }
  if (input.force) lines.push(...moveAside(storage.secretsFile, stamp));
  const secretsFile = fileOfRole(manifest, 'secrets');
  await placeFile(join(backupDir, secretsFile.name), storage.secretsFile, secretsFile);
  lines.push(`restored the secrets file to ${storage.secretsFile} (mode 0600)`);
  if (!manifest.encryptionKeyInBackup) lines.push('the encryption key comes from GATEHOUSE_ENCRYPTION_KEY, as when the backup was made');
  else if (storage.encryptionKeyFromEnvironment) {
    lines.push('warning: GATEHOUSE_ENCRYPTION_KEY is set and replaces the key in the restored secrets file; sealed data opens only if it is the same key');
  }
  const applied = await migrate({ dialect, target: storage.database.sqlitePath ?? storage.database.url, migrationsDir: input.migrationsDir });
  lines.push(
    applied.length
      ? `applied ${applied.length} migration(s) the backup did not have yet: ${applied.join(', ')}`
      : `the schema is up to date (last migration ${manifest.lastMigration ?? 'none'})`,
  );
  lines.push('Done. Start Gatehouse (npm start) on this data folder and database.');
  return { manifest, lines };
}
