/**
 * `npm run backup -- [folder]` and `npm run restore -- <backup folder> [--force]`
 * (scripts/start.mjs → dist/server.mjs backup|restore). Run before the portal's own start-up:
 * nothing is migrated before a backup, and no secrets file is created before a restore brings one.
 * Returns the lines to print and the exit code; nothing here reads process.env.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, getStorageEnv, type StorageEnv } from '../config';
import { MigrationError } from '../db/migrate';
import { BackupError } from './backup-error';
import { createBackup } from './create-backup';
import { restoreBackup } from './restore-backup';

export const BACKUP_USAGE = `Usage:
  npm run backup                          write a backup folder under <data folder>/backups
  npm run backup -- <folder>              … under <folder> instead
  npm run restore -- <backup folder>      restore into a fresh data folder and database
  npm run restore -- <backup folder> --force
                                          … moving an existing database and secrets file aside`;

export type BackupCommandResult = { code: 0 | 1 | 2; lines: string[] };

const ZPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((text) => !text.startsWith('-'), 'an option where a folder was expected');

const usage = (problem: string): BackupCommandResult => ({ code: 2, lines: [problem, '', BACKUP_USAGE] });

function gatehouseVersion(appRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

async function backup(storage: StorageEnv, args: string[], appRoot: string): Promise<BackupCommandResult> {
  if (args.length > 1) return usage('backup takes at most one folder.');
  const destination = args.length ? ZPath.safeParse(args[0]) : null;
  if (destination && !destination.success) return usage(`Unknown option "${args[0]}".`);
  const { dir, manifest } = await createBackup({ storage, gatehouseVersion: gatehouseVersion(appRoot), destination: destination?.data });
  const lines = [
    `Backup written to ${dir}`,
    ...manifest.files.map((file) => `  ${file.name}  ${file.bytes} bytes  sha256 ${file.sha256}`),
    `  manifest.json  (Gatehouse ${manifest.gatehouseVersion}, ${manifest.dialect}, last migration ${manifest.lastMigration ?? 'none'})`,
    '',
    'Keep this folder whole and private: the database and the secrets file belong together (TOTP seeds, tokens and',
    'signing keys in the database can be read only with the keys in secrets.json). The mail outbox is not included.',
  ];
  if (!manifest.encryptionKeyInBackup) {
    lines.push(
      '',
      'The encryption key comes from GATEHOUSE_ENCRYPTION_KEY and is NOT in this backup: keep that key safe, apart from',
      'the backup. Without it the sealed data in this backup cannot be read.',
    );
  }
  return { code: 0, lines };
}

async function restore(storage: StorageEnv, args: string[], appRoot: string): Promise<BackupCommandResult> {
  const force = args.includes('--force');
  const rest = args.filter((arg) => arg !== '--force');
  if (rest.length !== 1) return usage('restore needs exactly one backup folder.');
  const folder = ZPath.safeParse(rest[0]);
  if (!folder.success) return usage(`Unknown option "${rest[0]}".`);
  const migrationsDir = join(appRoot, 'prisma', 'migrations', storage.database.dialect);
  const { lines } = await restoreBackup({ storage, backupDir: folder.data, force, migrationsDir });
  return { code: 0, lines };
}

export async function runBackupCommand(command: 'backup' | 'restore', argv: string[], options: { appRoot: string }): Promise<BackupCommandResult> {
  if (argv.includes('--help') || argv.includes('-h')) return { code: 0, lines: [BACKUP_USAGE] };
  try {
    const storage = getStorageEnv();
    return command === 'backup' ? await backup(storage, argv, options.appRoot) : await restore(storage, argv, options.appRoot);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BackupError || error instanceof MigrationError) return { code: 1, lines: [error.message] };
    return { code: 1, lines: [`The ${command} failed: ${(error as Error).message}`] };
  }
}
