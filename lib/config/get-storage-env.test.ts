import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setProcessVars } from '../../test/support/process-vars';
import { ConfigError } from './errors';
import { getStorageEnv } from './load-env';

const restores: (() => void)[] = [];
const dirs: string[] = [];
const setVars = (vars: Record<string, string | undefined>) => restores.push(setProcessVars(vars));
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
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
