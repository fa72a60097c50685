import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { getStorageEnv } from './load-env';

const saved: Record<string, string | undefined> = {};
const dirs: string[] = [];
function setVars(vars: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(vars)) {
    if (!(key in saved)) saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    delete saved[key];
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'gatehouse-storage-')), 'data');
  dirs.push(dir);
  return dir;
}

describe('getStorageEnv (backup and restore)', () => {
  it('names the data folder, the database and the secrets file without creating anything', () => {
    const dir = dataDir();
    setVars({ GATEHOUSE_ENV_FILE: '/dev/null', GATEHOUSE_DATA_DIR: dir, DATABASE_URL: undefined, GATEHOUSE_ENCRYPTION_KEY: undefined });
    expect(getStorageEnv()).toEqual({
      dataDir: dir,
      database: { dialect: 'sqlite', url: `file:${join(dir, 'gatehouse.db')}`, sqlitePath: join(dir, 'gatehouse.db') },
      secretsFile: join(dir, 'secrets.json'),
      encryptionKeyFromEnvironment: false,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('says when the encryption key comes from GATEHOUSE_ENCRYPTION_KEY, and takes a PostgreSQL URL', () => {
    setVars({
      GATEHOUSE_ENV_FILE: '/dev/null',
      GATEHOUSE_DATA_DIR: dataDir(),
      DATABASE_URL: 'postgresql://gh:pw@db.lan:5432/gatehouse',
      GATEHOUSE_ENCRYPTION_KEY: 'a'.repeat(64),
    });
    expect(getStorageEnv()).toMatchObject({ database: { dialect: 'postgresql', sqlitePath: undefined }, encryptionKeyFromEnvironment: true });
  });

  it('refuses a DATABASE_URL it cannot use, as the start does', () => {
    setVars({ GATEHOUSE_ENV_FILE: '/dev/null', GATEHOUSE_DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x', GATEHOUSE_ENCRYPTION_KEY: undefined });
    expect(() => getStorageEnv()).toThrow(ConfigError);
    expect(() => getStorageEnv()).toThrow(/DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//);
  });
});
