/**
 * Single-use recovery codes: 12 Crockford base32 characters (60 bits) shown as xxxx-xxxx-xxxx.
 * Pure; lib/mfa/recovery-code-store.ts keeps them.
 *
 * They are stored as HMAC-SHA-256 under the instance's signing key rather than a plain hash:
 * 60 bits is beyond online guessing but within reach of an offline search against a leaked
 * database, and the key is not in the database.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 12;
const NORMALIZED = /^[0-9abcdefghjkmnpqrstvwxyz]{12}$/;
// Twelve characters with generous separators and spacing; anything longer is not a code.
const MAX_INPUT_LENGTH = 64;
// Keeps these hashes apart from any other HMAC made with the same key.
const HASH_DOMAIN = 'gatehouse/recovery-code/v1:';

function randomCode(): string {
  // 256 is a multiple of 32, so `byte & 31` is uniform over the alphabet.
  const chars = Array.from(randomBytes(CODE_LENGTH), (byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** `count` distinct codes, formatted for display (`xxxx-xxxx-xxxx`). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(randomCode());
  return [...codes];
}

/**
 * The canonical form of what a user typed: separators and case ignored, Crockford look-alikes
 * (o → 0, i and l → 1) mapped. Null unless that leaves exactly 12 alphabet characters.
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const compact = input.replace(/[\s-]/g, '');
  // ASCII only before lower-casing: Unicode case mapping would turn e.g. the Kelvin sign into "k".
  if (!/^[0-9A-Za-z]{12}$/.test(compact)) return null;
  const normalized = compact.toLowerCase().replace(/o/g, '0').replace(/[il]/g, '1');
  return NORMALIZED.test(normalized) ? normalized : null;
}

/** What is stored for a normalized code: HMAC-SHA-256 under `key`, lower-case hex. */
export function hashRecoveryCode(normalized: string, key: Buffer): string {
  if (key.length < 32) throw new Error('hashRecoveryCode needs a key of at least 32 bytes');
  return createHmac('sha256', key)
    .update(HASH_DOMAIN + normalized)
    .digest('hex');
}
