/**
 * Password hashing with argon2id (@node-rs/argon2, a maintained native binding).
 * Parameters follow OWASP's Password Storage Cheat Sheet: m=19 MiB, t=2, p=1.
 * A stored hash made with other parameters, or imported from Authelia in another format
 * (imported-hash.ts), is replaced at the next successful sign-in.
 */
import { hash, verify } from '@node-rs/argon2';
import { importedHashFormat, verifyImportedHash } from './imported-hash';

export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The longest password accepted at all; longer input is refused before any hashing (DoS guard). */
export const PASSWORD_MAX_LENGTH = 256;

/** NFKC so the same password typed on two keyboards hashes the same (NIST SP 800-63B 5.1.1.2). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), { ...ARGON2_PARAMS, outputLen: 32 });
}

/** True when `phc` was made with other argon2 parameters than the current ones. */
export function needsRehash(phc: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!match) return true;
  return Number(match[1]) !== ARGON2_PARAMS.memoryCost || Number(match[2]) !== ARGON2_PARAMS.timeCost || Number(match[3]) !== ARGON2_PARAMS.parallelism;
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user, or a user without a
 * password) it verifies against a dummy hash anyway, so the answer takes the same time and
 * does not tell whether the account exists.
 */
export async function verifyPassword(phc: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH * 4) return false;
  // A hash brought from Authelia (imported-hash.ts): verified as it is, replaced at this sign-in.
  if (phc && !phc.startsWith('$argon2')) return verifyImportedHash(phc, password);
  const foreign = Boolean(phc) && needsRehash(phc!);
  if (foreign && !importedHashFormat(phc!).ok) return false;
  const target = phc ?? (await (dummyHash ??= hashPassword('gatehouse-dummy-password-for-timing')));
  try {
    const normalized = normalizePassword(password);
    let ok = await verify(target, normalized);
    // Authelia hashes the password as typed; an older argon2 hash may be one of its.
    if (!ok && foreign && normalized !== password) ok = await verify(target, password);
    return ok && Boolean(phc);
  } catch {
    return false;
  }
}
