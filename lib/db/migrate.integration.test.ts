/**
 * The migration runner against real databases: applies everything once, is a no-op the second
 * time, refuses a tampered or unknown migration, rolls back a failing one, and stays correct
 * when several processes start at the same moment (the PostgreSQL advisory lock / SQLite's
 * write lock). Concurrency is tested with real child processes, as two instances would run.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, MIGRATIONS_ROOT, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { MIGRATIONS_TABLE, MigrationError, migrate, readMigrations } from './migrate';

let work: string;
let runner: string;

beforeAll(async () => {
  // Inside the project so the bundle resolves better-sqlite3 and pg from node_modules.
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  work = mkdtempSync(join(process.cwd(), '.tmp', 'migrate-'));
  // The runner as plain ESM so child processes can load it without a TypeScript loader.
  await build({
    entryPoints: [join(process.cwd(), 'lib/db/migrate.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: join(work, 'migrate.mjs'),
    logLevel: 'silent',
  });
  runner = join(work, 'run.mjs');
  writeFileSync(
    runner,
    `import { migrate } from ${JSON.stringify(join(work, 'migrate.mjs'))};
const [dialect, target, dir] = process.argv.slice(2);
try {
  const applied = await migrate({ dialect, target, migrationsDir: dir });
  console.log(JSON.stringify({ ok: true, applied }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: error.message }));
}`,
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function runChild(dialect: string, target: string, dir: string): Promise<{ ok: boolean; applied?: string[]; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, dialect, target, dir], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`runner printed no result: ${out} ${err}`));
      }
    });
  });
}

/** A migrations folder with `count` synthetic migrations; the first one is slow on PostgreSQL. */
function syntheticMigrations(dialect: string, count: number): string {
  const dir = mkdtempSync(join(work, `m-${dialect}-`));
  for (let i = 1; i <= count; i++) {
    const name = `000${i}_table_${i}`;
    mkdirSync(join(dir, name));
    const slow = i === 1 && dialect === 'postgresql' ? 'SELECT pg_sleep(0.3);\n' : '';
    writeFileSync(join(dir, name, 'migration.sql'), `${slow}CREATE TABLE "t${i}" ("id" INTEGER NOT NULL PRIMARY KEY);\n`);
  }
  return dir;
}

async function appliedRows(t: TestDatabase): Promise<{ name: string }[]> {
  return t.db.$queryRawUnsafe(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  it('applies every committed migration once, and nothing on a second run', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    try {
      const dir = join(MIGRATIONS_ROOT, dialect);
      const first = await migrate({ dialect, target: t.target, migrationsDir: dir });
      expect(first).toEqual(readMigrations(dir).map((m) => m.name));
      expect(await migrate({ dialect, target: t.target, migrationsDir: dir })).toEqual([]);
      expect((await appliedRows(t)).map((r) => r.name)).toEqual(first);
    } finally {
      await t.drop();
    }
  });

  it('is safe when four processes start at the same moment', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    try {
      const dir = syntheticMigrations(dialect, 5);
      const results = await Promise.all([1, 2, 3, 4].map(() => runChild(dialect, t.target, dir)));
      expect(results.map((r) => r.error ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok']);
      const appliedByAll = results.flatMap((r) => r.applied ?? []).sort();
      // Each migration applied by exactly one of the processes.
      expect(appliedByAll).toEqual(['0001_table_1', '0002_table_2', '0003_table_3', '0004_table_4', '0005_table_5']);
      expect((await appliedRows(t)).length).toBe(5);
    } finally {
      await t.drop();
    }
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    try {
      const dir = mkdtempSync(join(work, 'tamper-'));
      cpSync(join(MIGRATIONS_ROOT, dialect), dir, { recursive: true });
      await migrate({ dialect, target: t.target, migrationsDir: dir });
      const file = join(dir, '0001_init', 'migration.sql');
      writeFileSync(file, `${'-- edited\n'}${(await import('node:fs')).readFileSync(file, 'utf8')}`);
      const error = await migrate({ dialect, target: t.target, migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(/Refusing to start[\s\S]*0001_init was changed after it was applied/);
    } finally {
      await t.drop();
    }
  });

  it('refuses a database migrated by a newer Gatehouse (an applied migration it does not know)', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    try {
      const dir = syntheticMigrations(dialect, 2);
      await migrate({ dialect, target: t.target, migrationsDir: dir });
      rmSync(join(dir, '0002_table_2'), { recursive: true });
      await expect(migrate({ dialect, target: t.target, migrationsDir: dir })).rejects.toThrow(/0002_table_2 is applied in the database but missing here/);
    } finally {
      await t.drop();
    }
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    try {
      const dir = syntheticMigrations(dialect, 1);
      mkdirSync(join(dir, '0002_broken'));
      writeFileSync(join(dir, '0002_broken', 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER NOT NULL PRIMARY KEY);\nTHIS IS NOT SQL;\n');
      await expect(migrate({ dialect, target: t.target, migrationsDir: dir })).rejects.toThrow(MigrationError);
      expect((await appliedRows(t)).map((r) => r.name)).toEqual(['0001_table_1']);
      const half =
        dialect === 'sqlite'
          ? await t.db.$queryRawUnsafe<unknown[]>("SELECT name FROM sqlite_master WHERE name = 'half'")
          : await t.db.$queryRawUnsafe<unknown[]>("SELECT table_name FROM information_schema.tables WHERE table_name = 'half'");
      expect(half).toEqual([]);
    } finally {
      await t.drop();
    }
  });
});

describe('a brand-new SQLite file', () => {
  it('is switched to WAL once another process lets go of its lock (SQLite does not wait by itself here)', async () => {
    const dir = mkdtempSync(join(work, 'fresh-'));
    const file = join(dir, 'gatehouse.db');
    // Another process about to write (a second instance starting at the same moment): it holds
    // the RESERVED lock, and SQLite refuses the switch to WAL at once instead of waiting.
    const holder = new Database(file);
    holder.exec('CREATE TABLE "held" ("id" INTEGER)');
    holder.exec('BEGIN IMMEDIATE');
    const result = runChild('sqlite', file, syntheticMigrations('sqlite', 2));
    await new Promise((resolve) => setTimeout(resolve, 500));
    holder.exec('COMMIT');
    holder.close();
    expect(await result).toEqual({ ok: true, applied: ['0001_table_1', '0002_table_2'] });
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
  });
});
