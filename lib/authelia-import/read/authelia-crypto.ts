/**
 * Decrypting what Authelia's storage encrypts (TOTP secrets, WebAuthn public keys, the `check`
 * value), exactly as Authelia does. Followed from Authelia's source (Apache-2.0), github.com/authelia/authelia:
 *
 * - Cipher: internal/utils/aes.go `Decrypt` (v4.39) and internal/utils/crypto.go `Decrypt` (later):
 *   AES-256-GCM, a 12-byte nonce prepended, the 16-byte tag appended: nonce | ciphertext | tag.
 * - Key, schema version ≤ 24 (every 4.39.x release): internal/storage/sql_provider.go `NewSQLProvider`
 *   sets `keys.encryption: sha256.Sum256([]byte(config.Storage.EncryptionKey))` (later kept as
 *   internal/utils/crypto.go `DeriveLegacyCryptographicKey`); no additional authenticated data.
 * - Key, schema version ≥ 25: internal/utils/crypto.go `DeriveCryptographicKey` — HKDF-SHA256 over
 *   the configured key, no salt, info `authelia:kdf:storage:encryption_key:v1`
 *   (internal/storage/const.go `hkdfKeyInfo`), 32 bytes.
 * - Additional authenticated data (internal/storage/encryption_aad.go `aadForSchemaVersion`):
 *   none below 25; `authelia:storage:<table>:<column>` at 25 (`EncryptionAADColumn`);
 *   `authelia:storage:<table>:<column>:<row>` from 26 (`EncryptionAADRow`), and for WebAuthn
 *   `…:<row>:<issuer>` (`GetIssuer`: the row is the credential id in standard base64, the issuer
 *   the RP ID; at 25 the issuer comes before the column). The TOTP row is the username
 *   (internal/storage/sql_provider.go `LoadTOTPConfigurations`); the check value's row is its name.
 */
import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'authelia:kdf:storage:encryption_key:v1';
const SCHEMA_KEY_DERIVATION = 25;
const SCHEMA_ROW_SCOPED = 26;

export type AutheliaCipher = {
  schemaVersion: number;
  /** The plaintext, or null when authentication fails (a wrong key, or a tampered value). */
  open(value: Uint8Array, aad: AutheliaAad): Buffer | null;
};

/** Which value is decrypted: its table, column and row (and the RP ID for WebAuthn). */
export type AutheliaAad = { table: string; column: string; row: string; issuer?: string };

/** The additional authenticated data Authelia binds a value to at `schemaVersion`, or null for none. */
export function aadFor(schemaVersion: number, aad: AutheliaAad): Buffer | null {
  if (schemaVersion < SCHEMA_KEY_DERIVATION) return null;
  if (schemaVersion < SCHEMA_ROW_SCOPED) {
    const parts = aad.issuer === undefined ? [aad.table, aad.column] : [aad.table, aad.issuer, aad.column];
    return Buffer.from(`authelia:storage:${parts.join(':')}`);
  }
  const parts = [aad.table, aad.column, aad.row, ...(aad.issuer === undefined ? [] : [aad.issuer])];
  return Buffer.from(`authelia:storage:${parts.join(':')}`);
}

/** The 32-byte AES key Authelia uses for a database at `schemaVersion`. */
export function autheliaStorageKey(encryptionKey: string, schemaVersion: number): Buffer {
  const raw = Buffer.from(encryptionKey, 'utf8');
  if (schemaVersion < SCHEMA_KEY_DERIVATION) return createHash('sha256').update(raw).digest();
  return Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), HKDF_INFO, 32));
}

export function autheliaCipher(encryptionKey: string, schemaVersion: number): AutheliaCipher {
  const key = autheliaStorageKey(encryptionKey, schemaVersion);
  return {
    schemaVersion,
    open(value, aad) {
      if (value.byteLength < NONCE_BYTES + TAG_BYTES) return null;
      const bytes = Buffer.from(value);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
      const additional = aadFor(schemaVersion, aad);
      if (additional) decipher.setAAD(additional);
      decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.byteLength - TAG_BYTES)), decipher.final()]);
      } catch {
        return null;
      }
    },
  };
}
