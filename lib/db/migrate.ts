/**
 * Gatehouse applies its own committed SQL migrations at start (the Prisma CLI's migrate needs a
 * native engine that cannot be downloaded here or on an air-gapped host).
 *
 * - One folder per migration under prisma/migrations/<dialect>/, applied in name order.
 * - A table `_gatehouse_migrations` records name, SHA-256 checksum and time of each one applied.
 * - Each migration runs in its own transaction together with its bookkeeping row.
 * - Two instances starting at once serialise on a lock (PostgreSQL advisory lock; SQLite's
 *   write lock via BEGIN IMMEDIATE) and re-read what was applied after taking it.
 * - A checksum mismatch (an applied migration edited afterwards) or an applied migration this
 *   code does not know (the database was migrated by a newer Gatehouse) stops the start.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../config';

export type MigrationFile = { name: string; sql: string; checksum: string };
export type AppliedMigration = { name: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export const MIGRATIONS_TABLE = '_gatehouse_migrations';
/** Arbitrary constant naming Gatehouse's advisory lock in PostgreSQL. */
const PG_LOCK_KEY = 7_362_547_011;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, sorted by name. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder ${dir} does not exist`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql`);
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}

/**
 * Decides what to apply. Pure: compares the files with what the database says was applied.
 * Throws MigrationError for a tampered or unknown applied migration.
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  const problems: string[] = [];
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      problems.push(`migration ${row.name} is applied in the database but missing here (was it migrated by a newer Gatehouse?)`);
    } else if (file.checksum !== row.checksum) {
      problems.push(
        `migration ${row.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk)`,
      );
    }
  }
  if (problems.length > 0) {
    throw new MigrationError(
      `Refusing to start: the database schema does not match this Gatehouse.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Applied migrations must never be edited; restore the original files or the matching Gatehouse version.',
    );
  }
  const done = new Set(applied.map((row) => row.name));
  return files.filter((file) => !done.has(file.name));
}

export type MigrateOptions = {
  dialect: Dialect;
  /** SQLite file path, or PostgreSQL connection string. */
  target: string;
  migrationsDir: string;
  log?: (line: string) => void;
};

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const files = readMigrations(options.migrationsDir);
  return options.dialect === 'sqlite' ? migrateSqlite(options.target, files, options.log) : migratePostgres(options.target, files, options.log);
}

async function migrateSqlite(path: string, files: MigrationFile[], log?: (line: string) => void): Promise<string[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { timeout: 30_000 });
  const appliedNow: string[] = [];
  try {
    // WAL lets the verify path read while an admin writes; the setting is stored in the file.
    await enableWal(db);
    for (;;) {
      // BEGIN IMMEDIATE takes the database's write lock: a second instance waits here, then
      // re-reads the table and finds the migration already applied.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
        const applied = db.prepare(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`).all() as AppliedMigration[];
        const next = planMigrations(files, applied)[0];
        if (!next) {
          db.exec('COMMIT');
          break;
        }
        db.exec(next.sql);
        db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`).run(
          next.name,
          next.checksum,
          new Date().toISOString(),
        );
        db.exec('COMMIT');
        appliedNow.push(next.name);
        log?.(`applied migration ${next.name}`);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw wrap(error);
      }
    }
  } finally {
    db.close();
  }
  return appliedNow;
}

type SqliteHandle = { pragma: (source: string, options?: { simple: boolean }) => unknown };

/**
 * Switches the file to WAL. That needs an exclusive lock, and while another connection holds the
 * RESERVED lock (a second instance starting at the same moment, about to write) SQLite answers
 * SQLITE_BUSY at once instead of waiting (deadlock avoidance): so retry until it lets go.
 */
export async function enableWal(db: SqliteHandle, { deadlineMs = 30_000, sleep = defaultSleep } = {}): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= giveUpAt) throw error;
      await sleep(Math.min(5 * 2 ** attempt, 200));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function migratePostgres(url: string, files: MigrationFile[], log?: (line: string) => void): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  const appliedNow: string[] = [];
  try {
    // Session-level advisory lock: a second instance blocks here until the first is done.
    await client.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<AppliedMigration>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
    for (const next of planMigrations(files, rows)) {
      await client.query('BEGIN');
      try {
        await client.query(next.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [next.name, next.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${next.name} failed: ${(error as Error).message}`);
      }
      appliedNow.push(next.name);
      log?.(`applied migration ${next.name}`);
    }
  } catch (error) {
    throw wrap(error);
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return appliedNow;
}

function wrap(error: unknown): MigrationError {
  return error instanceof MigrationError ? error : new MigrationError(`database migration failed: ${(error as Error).message}`);
}
