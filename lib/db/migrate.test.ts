import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, checksumOf, enableWal, planMigrations, readMigrations, type MigrationFile } from './migrate';

const migration = (name: string, sql = `-- ${name}\nCREATE TABLE "${name}" ("id" TEXT);\n`): MigrationFile => ({
  name,
  sql,
  checksum: checksumOf(sql),
});

describe('checksumOf', () => {
  it('is the SHA-256 of the SQL as hex', () => {
    expect(checksumOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('treats CRLF and LF line endings alike', () => {
    expect(checksumOf('CREATE TABLE a;\r\nCREATE TABLE b;\r\n')).toBe(checksumOf('CREATE TABLE a;\nCREATE TABLE b;\n'));
  });

  it('notices any other change', () => {
    expect(checksumOf('CREATE TABLE a;')).not.toBe(checksumOf('CREATE TABLE a; '));
    expect(checksumOf('CREATE TABLE a;\n')).not.toBe(checksumOf('CREATE TABLE a;\n\n'));
  });
});

describe('planMigrations', () => {
  const files = [migration('0001_init'), migration('0002_groups'), migration('0003_totp')];
  const applied = (...list: MigrationFile[]) => list.map(({ name, checksum }) => ({ name, checksum }));

  it('applies everything to an empty database', () => {
    expect(planMigrations(files, []).map((f) => f.name)).toEqual(['0001_init', '0002_groups', '0003_totp']);
  });

  it('applies the rest, in order, to a partly migrated database', () => {
    expect(planMigrations(files, applied(files[0]!)).map((f) => f.name)).toEqual(['0002_groups', '0003_totp']);
    expect(planMigrations(files, applied(files[0]!, files[1]!)).map((f) => f.name)).toEqual(['0003_totp']);
  });

  it('does not care in which order the database lists applied migrations', () => {
    expect(planMigrations(files, applied(files[1]!, files[0]!)).map((f) => f.name)).toEqual(['0003_totp']);
  });

  it('applies nothing to an up-to-date database', () => {
    expect(planMigrations(files, applied(...files))).toEqual([]);
  });

  it('returns the files themselves, with their SQL', () => {
    expect(planMigrations(files, [])[0]).toBe(files[0]);
  });

  it('refuses an applied migration that was edited afterwards, naming it', () => {
    const rows = [{ name: '0001_init', checksum: checksumOf('the original SQL') }];
    expect(() => planMigrations(files, rows)).toThrow(MigrationError);
    expect(() => planMigrations(files, rows)).toThrow(/migration 0001_init was changed after it was applied/);
  });

  it('accepts an applied migration whose file only changed line endings', () => {
    const lf = migration('0001_init', 'CREATE TABLE a;\nCREATE TABLE b;\n');
    const crlf = migration('0001_init', 'CREATE TABLE a;\r\nCREATE TABLE b;\r\n');
    expect(planMigrations([crlf], applied(lf))).toEqual([]);
  });

  it('refuses an applied migration this code does not know, naming it', () => {
    const rows = [...applied(...files), { name: '0004_future', checksum: 'f'.repeat(64) }];
    expect(() => planMigrations(files, rows)).toThrow(MigrationError);
    expect(() => planMigrations(files, rows)).toThrow(/migration 0004_future is applied in the database but missing here/);
  });

  it('lists every problem at once', () => {
    const rows = [
      { name: '0001_init', checksum: '0'.repeat(64) },
      { name: '0009_unknown', checksum: '1'.repeat(64) },
    ];
    let caught: unknown;
    try {
      planMigrations(files, rows);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationError);
    const message = (caught as MigrationError).message;
    expect((caught as MigrationError).name).toBe('MigrationError');
    expect(message).toContain('0001_init');
    expect(message).toContain('0009_unknown');
    expect(message).toMatch(/^Refusing to start/);
  });
});

describe('readMigrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrations-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function add(name: string, sql?: string) {
    mkdirSync(join(dir, name));
    if (sql !== undefined) writeFileSync(join(dir, name, 'migration.sql'), sql);
  }

  it('reads every folder sorted by name, with checksums', () => {
    add('0002_groups', 'CREATE TABLE g;\r\n');
    add('0010_late', 'CREATE TABLE l;\n');
    add('0001_init', 'CREATE TABLE i;\n');
    writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "sqlite"\n');
    const result = readMigrations(dir);
    expect(result.map((m) => m.name)).toEqual(['0001_init', '0002_groups', '0010_late']);
    expect(result[0]).toEqual({ name: '0001_init', sql: 'CREATE TABLE i;\n', checksum: checksumOf('CREATE TABLE i;\n') });
    expect(result[1]!.sql).toBe('CREATE TABLE g;\r\n');
    expect(result[1]!.checksum).toBe(checksumOf('CREATE TABLE g;\n'));
  });

  it('reads an empty folder as no migrations', () => {
    expect(readMigrations(dir)).toEqual([]);
  });

  it('refuses a migration folder without migration.sql', () => {
    add('0001_init', 'CREATE TABLE i;\n');
    add('0002_broken');
    expect(() => readMigrations(dir)).toThrow(MigrationError);
    expect(() => readMigrations(dir)).toThrow('migration 0002_broken has no migration.sql');
  });

  it('refuses a missing folder', () => {
    const missing = join(dir, 'nope');
    expect(() => readMigrations(missing)).toThrow(MigrationError);
    expect(() => readMigrations(missing)).toThrow(`migrations folder ${missing} does not exist`);
  });
});

describe('committed migrations', () => {
  const root = (dialect: string) => fileURLToPath(new URL(`../../prisma/migrations/${dialect}`, import.meta.url));

  it('keep SQLite and PostgreSQL in step', () => {
    const sqlite = readMigrations(root('sqlite')).map((m) => m.name);
    const postgres = readMigrations(root('postgresql')).map((m) => m.name);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite).toEqual(postgres);
  });

  it('plan cleanly on an empty database', () => {
    for (const dialect of ['sqlite', 'postgresql']) {
      const files = readMigrations(root(dialect));
      expect(planMigrations(files, [])).toEqual(files);
      for (const file of files) expect(file.sql.trim().length).toBeGreaterThan(0);
    }
  });
});

describe('enableWal', () => {
  const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  function fakeDb(script: Array<'busy' | 'delete' | 'wal' | Error>) {
    const calls: string[] = [];
    return {
      calls,
      pragma(source: string) {
        calls.push(source);
        const step = script.shift();
        if (step === 'busy') throw busy();
        if (step instanceof Error) throw step;
        return step;
      },
    };
  }
  const noSleep = async () => {};

  it('leaves a WAL database alone', async () => {
    const db = fakeDb(['wal']);
    await enableWal(db, { sleep: noSleep });
    expect(db.calls).toEqual(['journal_mode']);
  });

  it('switches a rollback-journal database to WAL', async () => {
    const db = fakeDb(['delete', 'wal']);
    await enableWal(db, { sleep: noSleep });
    expect(db.calls).toEqual(['journal_mode', 'journal_mode = WAL']);
  });

  it('retries while another process holds the lock (SQLite gives no busy handler here)', async () => {
    const db = fakeDb(['delete', 'busy', 'busy', 'delete', 'wal']);
    const waits: number[] = [];
    await enableWal(db, { sleep: async (ms) => void waits.push(ms) });
    expect(db.calls).toEqual(['journal_mode', 'journal_mode = WAL', 'journal_mode', 'journal_mode', 'journal_mode = WAL']);
    expect(waits).toEqual([5, 10]);
  });

  it('gives up with the SQLite error once the deadline has passed', async () => {
    const db = fakeDb(Array.from({ length: 50 }, () => 'busy' as const));
    await expect(enableWal(db, { deadlineMs: 0, sleep: noSleep })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(db.calls).toHaveLength(1);
  });

  it('does not retry other errors', async () => {
    const db = fakeDb([Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })]);
    await expect(enableWal(db, { sleep: noSleep })).rejects.toThrow('disk I/O error');
    expect(db.calls).toHaveLength(1);
  });
});
