import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSecrets } from './secrets';

let root: string;
let dataDir: string;
let file: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gatehouse-secrets-'));
  dataDir = join(root, 'data');
  file = join(dataDir, 'secrets.json');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('loadSecrets', () => {
  it('creates the data directory and a 0600 secrets file with two 32-byte keys', () => {
    const secrets = loadSecrets(dataDir, undefined);
    expect(existsSync(file)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(mode(dataDir) & 0o077).toBe(0);

    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.version).toBe(1);
    expect(typeof stored.encryptionKey).toBe('string');
    expect(typeof stored.signingKey).toBe('string');
    expect(Buffer.from(stored.encryptionKey, 'base64')).toEqual(secrets.encryptionKey);
    expect(Buffer.from(stored.signingKey, 'base64')).toEqual(secrets.signingKey);
    expect(secrets.encryptionKey).toHaveLength(32);
    expect(secrets.signingKey).toHaveLength(32);
    expect(secrets.encryptionKey.equals(secrets.signingKey)).toBe(false);
  });

  it('returns the same keys on the next call and leaves the file unchanged', () => {
    const first = loadSecrets(dataDir, undefined);
    const text = readFileSync(file, 'utf8');
    const second = loadSecrets(dataDir, undefined);
    expect(second.encryptionKey).toEqual(first.encryptionKey);
    expect(second.signingKey).toEqual(first.signingKey);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('makes different keys for different data directories', () => {
    const a = loadSecrets(dataDir, undefined);
    const b = loadSecrets(join(root, 'other'), undefined);
    expect(a.encryptionKey.equals(b.encryptionKey)).toBe(false);
    expect(a.signingKey.equals(b.signingKey)).toBe(false);
  });

  it('leaves no temporary files behind', () => {
    loadSecrets(dataDir, undefined);
    loadSecrets(dataDir, undefined);
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('uses a 64-hex-character GATEHOUSE_ENCRYPTION_KEY for the encryption key', () => {
    const key = randomBytes(32);
    const secrets = loadSecrets(dataDir, key.toString('hex'));
    expect(secrets.encryptionKey).toEqual(key);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(secrets.signingKey).toEqual(Buffer.from(stored.signingKey, 'base64'));
    expect(secrets.encryptionKey.equals(Buffer.from(stored.encryptionKey, 'base64'))).toBe(false);
  });

  it('accepts upper-case hex', () => {
    const key = randomBytes(32);
    expect(loadSecrets(dataDir, key.toString('hex').toUpperCase()).encryptionKey).toEqual(key);
  });

  it('uses a base64 GATEHOUSE_ENCRYPTION_KEY of 32 bytes', () => {
    const key = randomBytes(32);
    expect(loadSecrets(dataDir, key.toString('base64')).encryptionKey).toEqual(key);
  });

  it.each(['abcd', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64')])(
    'refuses a GATEHOUSE_ENCRYPTION_KEY that is not 32 bytes (%s)',
    (key) => {
      expect(() => loadSecrets(dataDir, key)).toThrow('GATEHOUSE_ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64');
    },
  );

  it('refuses a corrupted secrets file with a readable error, and does not overwrite it', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, '{"version": 1, "encryptionKey": ', { mode: 0o600 });
    expect(() => loadSecrets(dataDir, undefined)).toThrow(`${file} is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "encryptionKey": ');
  });

  it.each(['{}', 'null', '[]', '{"version":1,"encryptionKey":"x"}', '{"version":1,"encryptionKey":1,"signingKey":2}'])(
    'refuses a secrets file without both keys: %s',
    (content) => {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, content, { mode: 0o600 });
      expect(() => loadSecrets(dataDir, undefined)).toThrow(`${file} is missing encryptionKey or signingKey`);
    },
  );

  it('refuses a stored key of the wrong length, naming the file', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, encryptionKey: randomBytes(16).toString('base64'), signingKey: randomBytes(32).toString('base64') }), {
      mode: 0o600,
    });
    expect(() => loadSecrets(dataDir, undefined)).toThrow(`encryptionKey in ${file} must be 32 bytes`);
  });

  it('tightens loosened permissions back to 0600', () => {
    const first = loadSecrets(dataDir, undefined);
    chmodSync(file, 0o644);
    expect(mode(file)).toBe(0o644);
    const second = loadSecrets(dataDir, undefined);
    expect(mode(file)).toBe(0o600);
    expect(second.signingKey).toEqual(first.signingKey);
  });

  it('reads a secrets file an operator restored', () => {
    const encryptionKey = randomBytes(32);
    const signingKey = randomBytes(32);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, encryptionKey: encryptionKey.toString('base64'), signingKey: signingKey.toString('base64') }), {
      mode: 0o640,
    });
    const secrets = loadSecrets(dataDir, undefined);
    expect(secrets.encryptionKey).toEqual(encryptionKey);
    expect(secrets.signingKey).toEqual(signingKey);
    expect(mode(file)).toBe(0o600);
  });
});
