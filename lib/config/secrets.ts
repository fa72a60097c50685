/**
 * Secrets generated on first start and kept in `<data dir>/secrets.json` with mode 0600.
 * An operator may instead supply GATEHOUSE_ENCRYPTION_KEY (then the file is not needed for it).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Secrets = {
  /** 32 bytes for AES-256-GCM (TOTP seeds, upstream tokens). */
  encryptionKey: Buffer;
  /** 32 bytes used to key HMACs (e.g. next-auth's state cookies). */
  signingKey: Buffer;
};

export type SecretsEnv = { secrets: Secrets };

type SecretsFile = { version: 1; encryptionKey: string; signingKey: string };

function decodeKey(text: string, name: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, written as 64 hex characters or base64`);
  return key;
}

/**
 * Loads the secrets file, creating it (and the data directory) when missing. The file is written
 * whole under a temporary name and then hard-linked into place, which fails if it already exists:
 * two instances starting together agree on one file and neither ever reads a half-written one.
 */
export function loadSecrets(dataDir: string, encryptionKeyFromEnv: string | undefined): Secrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'secrets.json');
  const fresh: SecretsFile = {
    version: 1,
    encryptionKey: randomBytes(32).toString('base64'),
    signingKey: randomBytes(32).toString('base64'),
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`cannot create ${file}: ${(error as Error).message}`);
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone.
    }
  }
  // Tighten permissions an operator may have loosened by copying the file around.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let stored: SecretsFile;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as SecretsFile;
  } catch {
    throw new Error(`${file} is not valid JSON: restore it from a backup (deleting it makes encrypted data unreadable)`);
  }
  if (!stored || typeof stored.encryptionKey !== 'string' || typeof stored.signingKey !== 'string') {
    throw new Error(`${file} is missing encryptionKey or signingKey`);
  }
  return {
    encryptionKey: decodeKey(encryptionKeyFromEnv ?? stored.encryptionKey, encryptionKeyFromEnv ? 'GATEHOUSE_ENCRYPTION_KEY' : `encryptionKey in ${file}`),
    signingKey: decodeKey(stored.signingKey, `signingKey in ${file}`),
  };
}
