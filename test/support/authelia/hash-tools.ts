/**
 * Password hashes made by independent tools, never by Gatehouse's code: Debian's `argon2` CLI
 * (argon2id/argon2i PHC strings), `mkpasswd` from whois (SHA-crypt `$6$`/`$5$`, bcrypt `$2b$`) and
 * passlib (python3-passlib: Authelia's pbkdf2 variants, scrypt, bcrypt `$2a$`/`$2y$`, and
 * `$bcrypt-sha256$` — Authelia's `password.bcrypt.variant: sha256`). Costs are
 * small: these are fixtures.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const HASH_SCHEMES = [
  'argon2id',
  'argon2i',
  'sha512crypt',
  'sha256crypt',
  'bcrypt-mkpasswd',
  'bcrypt-2a',
  'bcrypt-2y',
  'bcrypt-sha256',
  'pbkdf2-sha1',
  'pbkdf2-sha256',
  'pbkdf2-sha512',
  'scrypt',
] as const;
export type HashScheme = (typeof HASH_SCHEMES)[number];

/** Debian's python3 (passlib and cryptography are Debian packages), not a pyenv one first on the PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const HERE = join(process.cwd(), 'test', 'support', 'authelia');

function run(command: string, args: string[], input: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/** Runs one of the Python helpers of this folder with JSON in and out. */
export function runPython<T>(script: string, input: unknown): T {
  return JSON.parse(run(DEBIAN_PYTHON, [join(HERE, script)], JSON.stringify(input))) as T;
}

function argon2(variant: 'id' | 'i', password: string): string {
  // `argon2 SALT -id -t T -k KiB -p P -e` reads the password from stdin (no newline) and prints the PHC string.
  return run('argon2', [randomBytes(12).toString('hex'), `-${variant}`, '-t', '2', '-k', '4096', '-p', '2', '-e'], password);
}

function mkpasswd(method: 'sha-512' | 'sha-256' | 'bcrypt', password: string): string {
  const rounds = method === 'bcrypt' ? ['-R', '5'] : [];
  return run('mkpasswd', ['-m', method, ...rounds, '-s'], `${password}\n`);
}

export function makeHashes(items: { scheme: HashScheme; password: string }[]): string[] {
  const passlib = items.flatMap((item, index) =>
    /^(pbkdf2|scrypt|bcrypt-2|bcrypt-sha256)/.test(item.scheme) ? [{ index, scheme: item.scheme, password: item.password }] : [],
  );
  const fromPasslib = passlib.length
    ? runPython<string[]>(
        'make_hashes.py',
        passlib.map(({ scheme, password }) => ({ scheme, password })),
      )
    : [];
  const out = items.map((item) => {
    if (item.scheme === 'argon2id') return argon2('id', item.password);
    if (item.scheme === 'argon2i') return argon2('i', item.password);
    if (item.scheme === 'sha512crypt') return mkpasswd('sha-512', item.password);
    if (item.scheme === 'sha256crypt') return mkpasswd('sha-256', item.password);
    if (item.scheme === 'bcrypt-mkpasswd') return mkpasswd('bcrypt', item.password);
    return '';
  });
  passlib.forEach((item, n) => {
    out[item.index] = fromPasslib[n]!;
  });
  return out;
}
