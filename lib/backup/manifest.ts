/**
 * The manifest of a backup folder (`manifest.json`): what Gatehouse wrote it, for which database,
 * up to which migration, when, and the SHA-256 of every file beside it. A restore checks all of
 * it before it changes anything.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const SECRETS_COPY = 'secrets.json';
export const DATABASE_COPY = { sqlite: 'gatehouse.db', postgresql: 'gatehouse.pgdump' } as const;

const ZFileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a file name without folders');

const ZBackupFile = z.object({
  name: ZFileName,
  role: z.enum(['database', 'secrets']),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const ZManifest = z.object({
  format: z.literal('gatehouse-backup'),
  formatVersion: z.literal(1),
  gatehouseVersion: z.string().min(1).max(40),
  dialect: z.enum(['sqlite', 'postgresql']),
  lastMigration: z.string().min(1).max(200).nullable(),
  createdAt: z.iso.datetime(),
  /** False when GATEHOUSE_ENCRYPTION_KEY replaced the file's key: that key is not in the backup and must be kept. */
  encryptionKeyInBackup: z.boolean(),
  files: z.array(ZBackupFile).min(1).max(10),
});

export type Manifest = z.infer<typeof ZManifest>;
export type BackupFile = z.infer<typeof ZBackupFile>;

/** The folder name of a backup made at `now`: gatehouse-backup-20261203T182300Z (UTC, sorts by time). */
export function backupFolderName(now: Date): string {
  return `gatehouse-backup-${now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')}`;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(dir: string, name: string, role: BackupFile['role']): Promise<BackupFile> {
  const path = join(dir, name);
  return { name, role, bytes: lstatSync(path).size, sha256: await sha256OfFile(path) };
}

/** Parses manifest text; every problem in one message. */
export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${MANIFEST_FILE} is not valid JSON` };
  }
  const parsed = ZManifest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'manifest'}: ${issue.message}`);
    return { ok: false, problem: `${MANIFEST_FILE} is not a Gatehouse backup manifest (${problems.join('; ')})` };
  }
  const names = parsed.data.files.map((file) => file.name);
  if (new Set(names).size !== names.length) return { ok: false, problem: `${MANIFEST_FILE} lists a file twice` };
  for (const role of ['database', 'secrets'] as const) {
    const count = parsed.data.files.filter((file) => file.role === role).length;
    if (count !== 1) {
      return {
        ok: false,
        problem:
          role === 'secrets'
            ? `${MANIFEST_FILE} lists no secrets file: this backup cannot make sealed data (TOTP seeds, tokens, signing keys) readable`
            : `${MANIFEST_FILE} must list exactly one database file`,
      };
    }
  }
  return { ok: true, manifest: parsed.data };
}

/**
 * Checks every file the manifest lists against its size and SHA-256. Returns the problems
 * (empty when the backup is intact); a file that is missing, a link or a folder is a problem too.
 */
export async function checkBackupFiles(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      problems.push(
        file.role === 'secrets'
          ? `the secrets file ${file.name} is missing from the backup: without it sealed data (TOTP seeds, tokens, signing keys) cannot be read`
          : `${file.name} is missing from the backup`,
      );
      continue;
    }
    const stat = lstatSync(path);
    if (!stat.isFile()) {
      problems.push(`${file.name} is not a regular file`);
      continue;
    }
    const actual = await sha256OfFile(path);
    if (actual !== file.sha256 || stat.size !== file.bytes) {
      problems.push(
        `${file.name} does not match the manifest (SHA-256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…): it was changed or damaged`,
      );
    }
  }
  return problems;
}

export function fileOfRole(manifest: Manifest, role: BackupFile['role']): BackupFile {
  const file = manifest.files.find((entry) => entry.role === role);
  if (!file) throw new Error(`the manifest lists no ${role} file`);
  return file;
}
