/**
 * Files of an Authelia folder. Paths in the configuration are the container's (`/config/…`,
 * `/run/secrets/…`): a file is found by its name in the folder, or in its .secrets/ or secrets/
 * subfolder for secrets. Nothing outside the folder is read, even through a symbolic link.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { readError } from './read-error';

export const SECRET_DIRS = ['.secrets', 'secrets', '.'] as const;
const MAX_SECRET_BYTES = 64 * 1024;

/** The real path of `name` in one of `dirs` of the folder, or null. */
export async function findInFolder(folder: string, name: string, dirs: readonly string[] = ['.']): Promise<string | null> {
  const root = await realpath(folder).catch(() => null);
  if (!root) throw readError(`The folder ${folder} does not exist or cannot be read.`);
  const file = basename(name);
  if (file === '' || file === '.' || file === '..') return null;
  for (const dir of dirs) {
    const candidate: string | null = await realpath(join(root, dir, file)).catch(() => null);
    if (!candidate || !(candidate.startsWith(root + sep) || candidate === root)) continue;
    if ((await stat(candidate)).isFile()) return candidate;
  }
  return null;
}

/** A file's text, refused past `maxBytes` before it is read. */
export async function readTextFile(path: string, maxBytes: number, what: string): Promise<string> {
  const info = await stat(path);
  if (info.size > maxBytes) throw readError(`${what} is larger than ${Math.round(maxBytes / 1024)} KiB; refused.`);
  return readFile(path, 'utf8');
}

/** A secret file as Authelia reads it (internal/configuration/helpers.go `loadSecret`: trailing newlines trimmed). */
export async function readSecretFile(path: string, what: string): Promise<string> {
  return (await readTextFile(path, MAX_SECRET_BYTES, what)).replace(/\n+$/, '');
}
