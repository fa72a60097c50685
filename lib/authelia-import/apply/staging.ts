/**
 * An import between its dry run and the admin's "Import": the uploaded files, kept in a temp
 * folder of their own (0700, files 0600) and removed when the import is done, abandoned (15
 * minutes) or replaced; or the server folder the admin named. Secrets the admin typed (the
 * storage encryption key…) stay in this process's memory with it, never on disk, never sent back
 * to the browser: the page holds only the staging id, which is bound to the admin who made it.
 * In-process: with several instances, the dry run and the import must reach the same one (a
 * sticky session), or the import says the dry run is gone and asks for it again.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { sep } from 'node:path';
import { AppError } from '../../errors';
import type { AutheliaInstallationInput, AutheliaSecretsInput } from '../types';

export const STAGING_TTL_MS = 15 * 60_000;

export type StagedFiles = { configuration: string; usersDatabase: string | null; storageDb: Uint8Array | null };
export type StagedSource = { kind: 'upload'; files: StagedFiles } | { kind: 'folder'; path: string };

type Staged = { ownerId: string; dir: string | null; path: string | null; secrets: AutheliaSecretsInput; expires: number };

const KEY = Symbol.for('gatehouse.autheliaImport.staging');
const staged: Map<string, Staged> = ((globalThis as { [KEY]?: Map<string, Staged> })[KEY] ??= new Map());

const FILES = { configuration: 'configuration.yml', usersDatabase: 'users_database.yml', storageDb: 'authelia.db' } as const;

/**
 * A file of a staging folder. Joined at run time on purpose: the bundler follows `join(…, 'literal')`
 * into fs calls and would then trace the whole project into the server output.
 */
const fileIn = (dir: string, name: string): string => [dir, name].join(sep);

async function removeStaged(id: string): Promise<void> {
  const entry = staged.get(id);
  staged.delete(id);
  if (entry?.dir) await rm(entry.dir, { recursive: true, force: true });
}

/** Forgets what expired, and whatever this admin staged before (one import at a time per admin). */
async function sweep(ownerId: string | null, now: number): Promise<void> {
  for (const [id, entry] of [...staged]) if (entry.expires <= now || entry.ownerId === ownerId) await removeStaged(id);
}

export async function stageImport(ownerId: string, source: StagedSource, secrets: AutheliaSecretsInput, now = Date.now()): Promise<string> {
  await sweep(ownerId, now);
  const id = randomBytes(18).toString('base64url');
  if (source.kind === 'folder') {
    staged.set(id, { ownerId, dir: null, path: source.path, secrets, expires: now + STAGING_TTL_MS });
    return id;
  }
  const dir = await mkdtemp(fileIn(tmpdir(), 'gatehouse-authelia-'));
  try {
    await chmod(dir, 0o700);
    const { configuration, usersDatabase, storageDb } = source.files;
    await writeFile(fileIn(dir, FILES.configuration), configuration, { mode: 0o600 });
    if (usersDatabase !== null) await writeFile(fileIn(dir, FILES.usersDatabase), usersDatabase, { mode: 0o600 });
    if (storageDb !== null) await writeFile(fileIn(dir, FILES.storageDb), storageDb, { mode: 0o600 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  staged.set(id, { ownerId, dir, path: null, secrets, expires: now + STAGING_TTL_MS });
  return id;
}

/** What the reader takes for a staged import; NOT_FOUND when it expired, was used, or is another admin's. */
export async function stagedInput(id: string, ownerId: string, now = Date.now()): Promise<AutheliaInstallationInput> {
  const entry = staged.get(id);
  if (!entry || entry.ownerId !== ownerId || entry.expires <= now) {
    if (entry && entry.expires <= now) await removeStaged(id);
    throw new AppError('NOT_FOUND', 'This dry run is no longer available (it expired after 15 minutes, or was already imported). Run the dry run again.');
  }
  if (entry.path !== null) return { kind: 'folder', path: entry.path, secrets: entry.secrets };
  const dir = entry.dir!;
  const optional = async (name: string) =>
    readFile(fileIn(dir, name)).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  const usersDatabase = await optional(FILES.usersDatabase);
  const storageDb = await optional(FILES.storageDb);
  return {
    kind: 'upload',
    configuration: await readFile(fileIn(dir, FILES.configuration), 'utf8'),
    usersDatabase: usersDatabase?.toString('utf8') ?? null,
    storageDb: storageDb ? new Uint8Array(storageDb) : null,
    secrets: entry.secrets,
  };
}

/** Removes a staged import and its files (after the import, or when the admin starts over). */
export async function discardStaged(id: string): Promise<void> {
  await removeStaged(id);
}

/** Tests only: is this staging still there, and where are its files. */
export function stagedDirOf(id: string): string | null | undefined {
  return staged.get(id)?.dir;
}
