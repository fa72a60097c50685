/**
 * Password hashes brought from Authelia (its file backend writes them with go-crypt,
 * github.com/go-crypt/crypt), verified as they are until the first successful sign-in replaces
 * them with Gatehouse's argon2id (local-password-backend.ts `upkeep`). Formats, as go-crypt's
 * encoders write them (algorithm/<name>/const.go `EncodingFmt`, digest.go `Encode`):
 *
 * - argon2id / argon2i / argon2d: PHC `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<key>` → @node-rs/argon2.
 * - sha2crypt: `$6$rounds=N$<salt>$<hash>` (SHA-512) and `$5$…` (SHA-256) → unixcrypt.
 * - pbkdf2: `$pbkdf2-sha512$<iterations>$<salt>$<key>` (also -sha1 as `$pbkdf2$` or `$pbkdf2-sha1$`,
 *   -sha224, -sha256, -sha384); salt and key in go-crypt's "adapted" base64 without padding
 *   (internal/encoding/base64adapted.go: `+` written as `.`) → node:crypto pbkdf2.
 * - bcrypt: `$2a$`, `$2b$`, `$2y$` (the same algorithm) → bcryptjs.
 * - bcrypt-sha256 (Authelia's `password.bcrypt.variant: sha256`, passlib's bcrypt_sha256 v2):
 *   `$bcrypt-sha256$v=2,t=2b,r=<cost>$<salt, 22>$<key, 31>` (algorithm/bcrypt/const.go
 *   `EncodingFmtSHA256`). The bcrypt input is the standard base64, with padding, of
 *   HMAC-SHA256 keyed with the 22-character salt as written, over the password (variant.go
 *   `EncodeInput`); the 31-character key is bcrypt's over that input (digest.go `MatchBytesAdvanced`)
 *   → node:crypto HMAC + bcryptjs. Only v=2 exists in go-crypt (it writes `v=2` and never reads another).
 * - scrypt: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>`, standard base64 without padding
 *   (algorithm/scrypt/decoder.go) → node:crypto scrypt.
 *
 * Not verified: yescrypt (`$y$`, Debian's mkpasswd default) and md5crypt/sha1crypt — go-crypt's
 * default decoder (decoder.go `NewDefaultDecoder`, which Authelia's file backend uses) reads none
 * of them, so Authelia itself refuses such an entry: it cannot be a working Authelia password.
 *
 * Costs are bounded: a stored hash asking for more work than MAX_COST allows is refused (at import,
 * and false at sign-in), so one hash cannot stall the server. Every comparison is constant-time.
 */
import { createHmac, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { verify as argon2Verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { encrypt as shaCrypt } from 'unixcrypt';
import type { ImportedHashFormat } from './imported-hash-formats';

export { IMPORTED_HASH_FORMATS, type ImportedHashFormat } from './imported-hash-formats';

/** The most work one verification may ask for. Authelia's defaults are well below each. */
export const MAX_COST = {
  // Authelia's configuration template before 4.31 suggested 1024 MB (m=1048576): such hashes exist.
  argon2MemoryKiB: 1024 * 1024,
  argon2Time: 16,
  argon2Parallelism: 16,
  // unixcrypt computes SHA-crypt synchronously, on the event loop (measured here: 50 000 rounds,
  // Authelia's default, 82 ms warm): 100 000 rounds at most, until the first sign-in re-hashes.
  shaCryptRounds: 100_000,
  pbkdf2Iterations: 5_000_000,
  bcryptCost: 15,
  scryptMemoryBytes: 256 * 1024 * 1024,
} as const;

const ARGON2 = /^\$argon2(id|i|d)\$v=(16|19)\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,3})\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}$/;
const SHA_CRYPT = /^\$([56])\$(?:rounds=(\d{1,9})\$)?[./0-9A-Za-z]{0,16}\$([./0-9A-Za-z]+)$/;
const PBKDF2 = /^\$pbkdf2(?:-(sha1|sha224|sha256|sha384|sha512))?\$(\d{1,9})\$([./A-Za-z0-9]{11,})\$([./A-Za-z0-9]{16,})$/;
const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const BCRYPT_SHA256 = /^\$bcrypt-sha256\$v=2,t=2[aby],r=(\d{1,2})\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})$/;
const SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{16,})$/;

export type HashFormatCheck = { ok: true; format: ImportedHashFormat } | { ok: false; reason: string };

const refused = (reason: string): HashFormatCheck => ({ ok: false, reason });

/** Which importable format a stored hash is in, or why it cannot be imported. Never echoes the hash. */
export function importedHashFormat(hash: string): HashFormatCheck {
  let m = ARGON2.exec(hash);
  if (m) {
    const [memory, time, parallelism] = [Number(m[3]), Number(m[4]), Number(m[5])];
    const work = memory * time;
    if (
      memory > MAX_COST.argon2MemoryKiB ||
      time > MAX_COST.argon2Time ||
      parallelism > MAX_COST.argon2Parallelism ||
      memory < 8 * parallelism ||
      work > 4 * MAX_COST.argon2MemoryKiB
    ) {
      return refused(`argon2 parameters m=${memory},t=${time},p=${parallelism} are outside what Gatehouse verifies`);
    }
    return { ok: true, format: `argon2${m[1]}` as ImportedHashFormat };
  }
  m = SHA_CRYPT.exec(hash);
  if (m) {
    const rounds = m[2] === undefined ? 5000 : Number(m[2]);
    if (m[3]!.length !== (m[1] === '6' ? 86 : 43)) return refused('the SHA-crypt hash has the wrong length');
    if (rounds > MAX_COST.shaCryptRounds) return refused(`SHA-crypt with ${rounds} rounds is more than Gatehouse verifies (${MAX_COST.shaCryptRounds})`);
    return { ok: true, format: m[1] === '6' ? 'sha512crypt' : 'sha256crypt' };
  }
  m = PBKDF2.exec(hash);
  if (m) {
    const iterations = Number(m[2]);
    if (iterations < 1 || iterations > MAX_COST.pbkdf2Iterations) return refused(`pbkdf2 with ${iterations} iterations is outside what Gatehouse verifies`);
    return { ok: true, format: `pbkdf2-${m[1] ?? 'sha1'}` as ImportedHashFormat };
  }
  m = BCRYPT.exec(hash);
  if (m) {
    const cost = Number(m[1]);
    if (cost < 4 || cost > MAX_COST.bcryptCost) return refused(`bcrypt cost ${cost} is outside what Gatehouse verifies (4–${MAX_COST.bcryptCost})`);
    return { ok: true, format: 'bcrypt' };
  }
  m = BCRYPT_SHA256.exec(hash);
  if (m) {
    const cost = Number(m[1]);
    if (cost < 4 || cost > MAX_COST.bcryptCost) return refused(`bcrypt cost ${cost} is outside what Gatehouse verifies (4–${MAX_COST.bcryptCost})`);
    return { ok: true, format: 'bcrypt-sha256' };
  }
  m = SCRYPT.exec(hash);
  if (m) {
    const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (ln < 1 || ln > 24 || r < 1 || p < 1 || p > 16 || scryptMemory(ln, r) > MAX_COST.scryptMemoryBytes) {
      return refused(`scrypt parameters ln=${ln},r=${r},p=${p} are outside what Gatehouse verifies`);
    }
    return { ok: true, format: 'scrypt' };
  }
  const scheme = /^\$([a-z0-9-]{1,20})\$/.exec(hash)?.[1];
  if (scheme === 'y' || scheme === 'yescrypt')
    return refused('yescrypt hashes are not supported (Authelia cannot verify them either: the user could not sign in there)');
  if (scheme === 'bcrypt-sha256') return refused('this $bcrypt-sha256$ form is not the one Authelia writes (v=2,t=2b,r=<cost>)');
  if (scheme === 'plaintext') return refused('a plaintext password is not imported');
  if (scheme) return refused(`the hash format $${scheme}$ is not supported`);
  return refused('the password entry is not a hash in a known format');
}

const scryptMemory = (ln: number, r: number) => 128 * r * 2 ** ln;

/** go-crypt's adapted base64 (`.` for `+`) or standard base64, without padding, to bytes. */
const fromAdapted = (text: string) => Buffer.from(text.replaceAll('.', '+'), 'base64');

const equal = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

function pbkdf2Async(password: string, salt: Buffer, iterations: number, length: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, length, digest, (error, key) => (error ? reject(error) : resolve(key))));
}

function scryptAsync(password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number; maxmem: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * True only when `password` (as typed: Authelia does not normalise) matches an imported `hash`.
 * False for a hash in no importable format or beyond MAX_COST.
 */
export async function verifyImportedHash(hash: string, password: string): Promise<boolean> {
  const check = importedHashFormat(hash);
  if (!check.ok) return false;
  try {
    if (check.format.startsWith('argon2')) return await argon2Verify(hash, password);
    if (check.format === 'sha512crypt' || check.format === 'sha256crypt') {
      return equal(Buffer.from(shaCrypt(password, hash)), Buffer.from(hash));
    }
    if (check.format === 'bcrypt') {
      return equal(Buffer.from(await bcrypt.hash(password, hash.slice(0, 29))), Buffer.from(hash));
    }
    if (check.format === 'bcrypt-sha256') {
      const [, cost, salt, key] = BCRYPT_SHA256.exec(hash)!;
      // go-crypt keys the HMAC with the salt re-encoded from its 16 bytes (unused low bits cleared).
      const canonicalSalt = bcrypt.encodeBase64(bcrypt.decodeBase64(salt!, 16), 16);
      const input = createHmac('sha256', canonicalSalt).update(password, 'utf8').digest('base64');
      const computed = await bcrypt.hash(input, `$2b$${cost!.padStart(2, '0')}$${canonicalSalt}`);
      return equal(Buffer.from(computed.slice(-31)), Buffer.from(key!));
    }
    if (check.format === 'scrypt') {
      const [, ln, r, p, salt, key] = SCRYPT.exec(hash)!;
      const expected = fromAdapted(key!);
      const N = 2 ** Number(ln);
      const derived = await scryptAsync(password, fromAdapted(salt!), expected.length, {
        N,
        r: Number(r),
        p: Number(p),
        maxmem: scryptMemory(Number(ln), Number(r)) * 2,
      });
      return equal(derived, expected);
    }
    const [, digest, iterations, salt, key] = PBKDF2.exec(hash)!;
    const expected = fromAdapted(key!);
    return equal(await pbkdf2Async(password, fromAdapted(salt!), Number(iterations), expected.length, digest ?? 'sha1'), expected);
  } catch {
    return false;
  }
}
