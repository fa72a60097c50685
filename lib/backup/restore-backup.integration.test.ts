/**
 * The restore's checks, on SQLite and PostgreSQL: a changed file, a missing secrets file, a
 * dialect mismatch, a key kept outside the backup, and an existing database or secrets file are
 * refused before anything changes; --force moves the old ones aside (nothing is deleted); an
 * older backup is migrated up to date.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect, StorageEnv } from '../config';
import { loadSecrets } from '../config/secrets';
import { migrate, readMigrations } from '../db/migrate';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, MIGRATIONS_ROOT, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createBackup } from './create-backup';
import { restoreBackup } from './restore-backup';

type Target = Pick<TestDatabase, 'dialect' | 'url' | 'target'>;

const storageOf = (t: Target, dataDir: string, encryptionKeyFromEnvironment = false): StorageEnv => ({
  dataDir,
  database: { url: t.url, dialect: t.dialect, sqlitePath: t.dialect === 'sqlite' ? t.target : undefined },
  secretsFile: join(dataDir, 'secrets.json'),
  encryptionKeyFromEnvironment,
});

const otherDialect = (dialect: Dialect): Dialect => (dialect === 'sqlite' ? 'postgresql' : 'sqlite');

describe.each(DIALECTS)('restore on %s', (dialect) => {
  const suite: (() => Promise<void> | void)[] = [];
  let cleanup: (() => Promise<void> | void)[] = [];
  let source: TestDatabase;
  let sourceDir: string;
  let backupDir: string;
  const migrationsDir = join(MIGRATIONS_ROOT, dialect);

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  /** A database nothing has touched: a path in a new folder, or a new PostgreSQL database. */
  async function emptyDatabase(): Promise<Target> {
    if (dialect === 'sqlite') {
      const target = join(tempDir('gatehouse-db-'), 'restored.db');
      return { dialect, url: `file:${target}`, target };
    }
    const t = await createTestDatabase(dialect, { migrate: false });
    cleanup.push(() => t.drop());
    return t;
  }
  /** A backup folder copied from the good one, to damage. */
  const copyOfBackup = () => {
    const dir = join(tempDir('gatehouse-copy-'), 'backup');
    cpSync(backupDir, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    source = await createTestDatabase(dialect);
    await createTestUser(source.db, { username: 'kept' });
    sourceDir = tempDir('gatehouse-source-');
    loadSecrets(sourceDir, undefined);
    ({ dir: backupDir } = await createBackup({ storage: storageOf(source, sourceDir), gatehouseVersion: 'test', destination: tempDir('gatehouse-backups-') }));
    suite.push(...cleanup);
    cleanup = [];
  });
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });
  afterAll(async () => {
    for (const step of suite.reverse()) await step();
    await source?.drop();
  });

  async function refused(storage: StorageEnv, dir: string, pattern: RegExp, force = false) {
    await expect(restoreBackup({ storage, backupDir: dir, force, migrationsDir })).rejects.toThrow(pattern);
  }

  it('refuses a changed file and a missing secrets file, before writing anything', async () => {
    const target = await emptyDatabase();
    const storage = storageOf(target, join(tempDir('gatehouse-target-'), 'data'));
    const tampered = copyOfBackup();
    const database = readdirSync(tampered).find((name) => name.startsWith('gatehouse.'))!;
    appendFileSync(join(tampered, database), 'x');
    await refused(storage, tampered, new RegExp(`${database.replace('.', '\\.')} does not match the manifest`));
    const forgedSecrets = copyOfBackup();
    writeFileSync(
      join(forgedSecrets, 'secrets.json'),
      // One character of the signing key changed (to a different one: the key is random, so it may begin with "A").
      readFileSync(join(forgedSecrets, 'secrets.json'), 'utf8').replace(
        /"signingKey": "(.)/,
        (_, first: string) => `"signingKey": "${first === 'A' ? 'B' : 'A'}`,
      ),
    );
    await refused(storage, forgedSecrets, /secrets\.json does not match the manifest/);
    const withoutSecrets = copyOfBackup();
    rmSync(join(withoutSecrets, 'secrets.json'));
    await refused(storage, withoutSecrets, /the secrets file secrets\.json is missing from the backup/);
    await refused(storage, join(withoutSecrets, 'nothing-here'), /is not a folder/);
    expect(existsSync(storage.dataDir)).toBe(false);
    if (dialect === 'sqlite') expect(existsSync(target.target)).toBe(false);
  });

  it('refuses a backup of the other dialect, and one whose key was kept outside it', async () => {
    const target = await emptyDatabase();
    const storage = storageOf(target, tempDir('gatehouse-target-'));
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const otherDir = copyOfBackup();
    writeFileSync(join(otherDir, 'manifest.json'), JSON.stringify({ ...manifest, dialect: otherDialect(dialect) }));
    await refused(storage, otherDir, new RegExp(`this backup holds a ${dialect === 'sqlite' ? 'PostgreSQL' : 'SQLite'} database`));
    const keyOutside = copyOfBackup();
    writeFileSync(join(keyOutside, 'manifest.json'), JSON.stringify({ ...manifest, encryptionKeyInBackup: false }));
    await refused(storage, keyOutside, /made with GATEHOUSE_ENCRYPTION_KEY, which is not in the backup/);
    const withKey = await restoreBackup({ storage: { ...storage, encryptionKeyFromEnvironment: true }, backupDir: keyOutside, force: false, migrationsDir });
    expect(withKey.lines).toContain('the encryption key comes from GATEHOUSE_ENCRYPTION_KEY, as when the backup was made');
  });

  it('refuses to overwrite a database or a secrets file; --force moves them aside and restores', async () => {
    const target = await createTestDatabase(dialect);
    cleanup.push(() => target.drop());
    await createTestUser(target.db, { username: 'newer' });
    const dataDir = tempDir('gatehouse-target-');
    loadSecrets(dataDir, undefined);
    const oldSecrets = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    const storage = storageOf(target, dataDir);
    await refused(storage, backupDir, /there is already a secrets file at .* and (a database at|\d+ table)/);
    expect(readFileSync(storage.secretsFile, 'utf8')).toBe(oldSecrets);
    expect((await target.db.user.findMany({ select: { username: true } })).map((u) => u.username)).toEqual(['newer']);
    await target.db.$disconnect();

    const result = await restoreBackup({ storage, backupDir, force: true, migrationsDir });
    expect(result.lines.join('\n')).toMatch(/moved .*secrets\.json aside to .*secrets\.json\.before-restore-\d{8}T\d{6}Z/);
    const aside = readdirSync(dataDir).find((name) => name.startsWith('secrets.json.before-restore-'))!;
    expect(readFileSync(join(dataDir, aside), 'utf8')).toBe(oldSecrets);
    expect(readFileSync(storage.secretsFile, 'utf8')).toBe(readFileSync(join(sourceDir, 'secrets.json'), 'utf8'));
    const users = async (schema: string | null) => {
      if (dialect === 'sqlite') {
        const { default: Database } = await import('better-sqlite3');
        const file = schema
          ? readdirSync(join(target.target, '..')).find((n) => n.startsWith('test.db.before-restore-') && !/-(wal|shm|journal)$/.test(n))!
          : 'test.db';
        const db = new Database(join(target.target, '..', file), { readonly: true });
        try {
          return (db.prepare('SELECT username FROM "User"').all() as { username: string }[]).map((r) => r.username);
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        const name = schema ?? 'public';
        return (await client.query(`SELECT username FROM "${name}"."User"`)).rows.map((r: { username: string }) => r.username);
      } finally {
        await client.end();
      }
    };
    expect(await users(null)).toEqual(['kept']);
    if (dialect === 'sqlite') expect(await users('aside')).toEqual(['newer']);
    else {
      const schema = /schema public renamed to (gatehouse_before_restore_\w+)/.exec(result.lines.join('\n'))?.[1];
      expect(schema).toBeDefined();
      expect(await users(schema!)).toEqual(['newer']);
    }
  });

  it('migrates a backup made before the newest migration up to date', async () => {
    const older = await emptyDatabase();
    const all = readMigrations(migrationsDir);
    const partial = tempDir('gatehouse-migrations-');
    for (const file of all.slice(0, -1)) cpSync(join(migrationsDir, file.name), join(partial, file.name), { recursive: true });
    await migrate({ dialect, target: older.target, migrationsDir: partial });
    const olderDir = tempDir('gatehouse-older-');
    writeFileSync(
      join(olderDir, 'secrets.json'),
      JSON.stringify({ version: 1, encryptionKey: randomBytes(32).toString('base64'), signingKey: randomBytes(32).toString('base64') }),
    );
    const { dir, manifest } = await createBackup({ storage: storageOf(older, olderDir), gatehouseVersion: 'old', destination: tempDir('gatehouse-backups-') });
    expect(manifest.lastMigration).toBe(all.at(-2)!.name);
    const target = await emptyDatabase();
    const result = await restoreBackup({ storage: storageOf(target, tempDir('gatehouse-target-')), backupDir: dir, force: false, migrationsDir });
    expect(result.lines).toContain(`applied 1 migration(s) the backup did not have yet: ${all.at(-1)!.name}`);
  });

  it('refuses to back up a data folder without its secrets file', async () => {
    await expect(
      createBackup({ storage: storageOf(source, tempDir('gatehouse-nokeys-')), gatehouseVersion: 'test', destination: tempDir('gatehouse-backups-') }),
    ).rejects.toThrow(/There is no secrets file at .* Start Gatehouse once/);
  });
});
