/** The password-hash formats imported from Authelia that Gatehouse verifies as they are (imported-hash.ts). No imports: pages may use it. */
export const IMPORTED_HASH_FORMATS = [
  'argon2id',
  'argon2i',
  'argon2d',
  'sha512crypt',
  'sha256crypt',
  'pbkdf2-sha1',
  'pbkdf2-sha224',
  'pbkdf2-sha256',
  'pbkdf2-sha384',
  'pbkdf2-sha512',
  'bcrypt',
  'bcrypt-sha256',
  'scrypt',
] as const;
export type ImportedHashFormat = (typeof IMPORTED_HASH_FORMATS)[number];
