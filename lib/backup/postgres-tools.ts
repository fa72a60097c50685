/**
 * pg_dump and pg_restore: found where Debian installs them (/usr/lib/postgresql/<version>/bin,
 * newest first, as scripts/lib/services.mjs finds the server), and run with the connection taken
 * from DATABASE_URL. The password goes to the child in PGPASSWORD, never on its command line
 * (where `ps` would show it to every user of the machine).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackupError } from './backup-error';

const DEBIAN_BASE = '/usr/lib/postgresql';
const FALLBACK_DIRS = ['/usr/bin', '/usr/local/bin'];

/** The newest installed copy of `tool`, or a BackupError naming the Debian package to install. */
export function findPostgresTool(tool: 'pg_dump' | 'pg_restore', base = DEBIAN_BASE, fallbackDirs = FALLBACK_DIRS): string {
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => /^\d+$/.test(version) && existsSync(join(base, version, 'bin', tool)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length) return join(base, versions[0]!, 'bin', tool);
  const fallback = fallbackDirs.map((dir) => join(dir, tool)).find((path) => existsSync(path));
  if (fallback) return fallback;
  throw new BackupError(
    `${tool} is not installed. On Debian or Ubuntu install the package postgresql-client (apt-get install postgresql-client), ` +
      'in the same major version as the PostgreSQL server or newer.',
  );
}

/** libpq's own URL parameters; Prisma's (schema, connection_limit, …) are left out. */
const LIBPQ_PARAMS = new Set(['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'connect_timeout', 'host', 'port', 'application_name', 'options']);

/** DATABASE_URL split into a URL without password (for the command line) and the password (for PGPASSWORD). */
export function postgresConnection(url: string): { url: string; password: string | null } {
  const parsed = new URL(url);
  let password = parsed.password ? decodeURIComponent(parsed.password) : null;
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key === 'password') password = parsed.searchParams.get(key);
    if (!LIBPQ_PARAMS.has(key)) parsed.searchParams.delete(key);
  }
  return { url: parsed.toString(), password };
}

/** Runs a PostgreSQL tool; resolves when it exits 0, else throws with its own error output. */
export function runPostgresTool(path: string, args: string[], password: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', PGCONNECT_TIMEOUT: '10' };
    if (password !== null) env.PGPASSWORD = password;
    const child = spawn(path, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (errors.length < 20_000) errors += chunk.toString();
    });
    child.once('error', (error) => reject(new BackupError(`${path} could not be started: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${path.split('/').pop()} failed (${signal ?? `exit code ${code}`}):\n${errors.trim() || '(no output)'}`));
    });
  });
}
