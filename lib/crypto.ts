/**
 * Small, dependency-free crypto helpers built on node:crypto. Everything secret that Gatehouse
 * stores is either hashed here (tokens, links, session ids) or sealed here (secrets it must read
 * back, such as TOTP seeds and upstream tokens).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A high-entropy random value for a cookie, link or token: `bytes` random bytes as base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 as lower-case hex: how tokens, links and session ids are stored and looked up. */
export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Constant-time comparison of two strings. Both sides are hashed first so the comparison
 * takes the same time whatever their lengths.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const SEALED_PREFIX = 'v1';

/**
 * Encrypts with AES-256-GCM. `context` (e.g. "totp:<userId>") is bound as additional data, so a
 * ciphertext copied into another row or column does not decrypt there.
 * Output: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export function sealSecret(plaintext: string, key: Buffer, context: string): string {
  if (key.length !== 32) throw new Error('sealSecret needs a 32-byte key');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SEALED_PREFIX, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Reverses sealSecret. Throws on a wrong key, a wrong context or any tampering. */
export function openSecret(sealed: string, key: Buffer, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== SEALED_PREFIX) throw new Error('not a sealed secret');
  const [, iv, body, tag] = parts as [string, string, string, string];
  const authTag = Buffer.from(tag, 'base64url');
  // Node accepts truncated GCM tags unless told otherwise; a short tag is forgeable.
  if (authTag.length !== 16) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
