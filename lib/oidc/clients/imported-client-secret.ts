/**
 * Client secrets imported from Authelia, verified as Authelia stores them: a digest in the
 * `client_secret` of identity_providers.oidc.clients (go-crypt's formats, as Authelia's
 * `authelia crypto hash generate` writes them): `$pbkdf2[-sha256|-sha512]$<iterations>$<salt>$<key>`
 * (passlib's adapted base64: `.` for `+`, no padding), `$argon2id$`/`$argon2i$` PHC strings,
 * bcrypt `$2a$`/`$2b$`/`$2y$`, `$scrypt$ln=…,r=…,p=…$<salt>$<key>`, and SHA-crypt `$5$`/`$6$`.
 * (`$plaintext$` secrets never get here: the import stores their SHA-256, Gatehouse's own form.)
 * Anything else, including Gatehouse's own SHA-256 hex, is not an imported digest: false.
 *
 * These digests are slow on purpose (Authelia's default PBKDF2-SHA512 is 310 000 rounds), and a
 * confidential client presents its secret at every token call: after one successful check, the
 * SHA-256 of the secret is remembered for that digest in this process, and later calls compare
 * that in constant time. Only a right secret is ever remembered; a wrong one is refused and counted
 * by the regulation like any wrong client secret (lib/oidc/client-auth.ts).
 */
import { verify as verifyArgon2 } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { verify as verifyShaCrypt } from 'unixcrypt';
import { safeEqual, sha256Hex } from '../../crypto';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const PBKDF2 = /^\$pbkdf2(?:-(sha256|sha512))?\$(\d{1,7})\$([A-Za-z0-9./+]{1,200})\$([A-Za-z0-9./+]{16,200})$/;
const SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9./+]{1,200})\$([A-Za-z0-9./+]{16,200})$/;
const ARGON2 = /^\$argon2(?:id|i)\$/;
const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
const SHA_CRYPT = /^\$[56]\$/;
const MAX_SECRET_LENGTH = 1024;

/** passlib's adapted base64 (and plain base64): `.` stands for `+`, padding left out. */
const ab64 = (text: string): Buffer => Buffer.from(text.replaceAll('.', '+'), 'base64');

const equalBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Is this stored value one of Authelia's digests (rather than Gatehouse's SHA-256 hex)? */
export const isImportedDigest = (stored: string): boolean => stored.startsWith('$');

async function digestMatches(presented: string, digest: string): Promise<boolean> {
  const pbkdf = PBKDF2.exec(digest);
  if (pbkdf) {
    const [, hash = 'sha1', rounds, salt, key] = pbkdf;
    const expected = ab64(key!);
    if (Number(rounds) < 1 || expected.length === 0) return false;
    return equalBytes(await pbkdf2Async(presented, ab64(salt!), Number(rounds), expected.length, hash), expected);
  }
  const sc = SCRYPT.exec(digest);
  if (sc) {
    const [, ln, r, p, salt, key] = sc.map(String);
    const expected = ab64(key!);
    const N = 2 ** Number(ln);
    // scrypt needs 128·N·r bytes: a digest asking for more than 256 MiB is not verified.
    const memory = 128 * N * Number(r);
    if (Number(ln) < 1 || Number(r) < 1 || Number(p) < 1 || memory > 256 * 1024 * 1024) return false;
    return equalBytes(await scryptAsync(presented, ab64(salt!), expected.length, { N, r: Number(r), p: Number(p), maxmem: 2 * memory }), expected);
  }
  if (ARGON2.test(digest)) return verifyArgon2(digest, presented).catch(() => false);
  if (BCRYPT.test(digest)) return bcrypt.compare(presented, digest).catch(() => false);
  if (SHA_CRYPT.test(digest)) {
    try {
      return verifyShaCrypt(presented, digest);
    } catch {
      return false;
    }
  }
  return false;
}

const KEY = Symbol.for('gatehouse.oidc.importedSecretMemo');
/** digest → SHA-256 hex of the secret that matched it. Bounded by the number of imported clients. */
const memo: Map<string, string> = ((globalThis as { [KEY]?: Map<string, string> })[KEY] ??= new Map());

/** Does the presented secret match an imported Authelia digest? False for anything that is not one. */
export async function importedSecretMatches(presented: unknown, stored: unknown): Promise<boolean> {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > MAX_SECRET_LENGTH) return false;
  if (typeof stored !== 'string' || !isImportedDigest(stored)) return false;
  const remembered = memo.get(stored);
  if (remembered !== undefined) return safeEqual(sha256Hex(presented), remembered);
  if (!(await digestMatches(presented, stored))) return false;
  if (memo.size >= 1000) memo.clear();
  memo.set(stored, sha256Hex(presented));
  return true;
}
