/**
 * Fresh, migrated databases for integration tests: a temp SQLite file, or a new database in the
 * PostgreSQL server that `npm test` starts (GATEHOUSE_TEST_PG_URL). Tests use DIALECTS to run
 * once per dialect; under `npm test` PostgreSQL is required, never silently skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import type { Dialect } from '../config';

// Test tooling reads its own settings from the environment set by scripts/test.mjs.
const PG_URL = process.env.GATEHOUSE_TEST_PG_URL;
if (!PG_URL && process.env.GATEHOUSE_TEST_REQUIRE_PG === '1') {
  throw new Error('GATEHOUSE_TEST_PG_URL is not set: integration tests must run against PostgreSQL too (use npm test).');
}

export const DIALECTS: Dialect[] = PG_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
export const MIGRATIONS_ROOT = join(process.cwd(), 'prisma', 'migrations');

export type TestDatabase = {
  dialect: Dialect;
  /** Prisma-style URL (file:… or postgresql://…). */
  url: string;
  /** What lib/db/migrate expects: the SQLite path or the PostgreSQL URL. */
  target: string;
  db: Db;
  drop(): Promise<void>;
};

export async function createTestDatabase(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let url: string;
  let target: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    target = join(dir, 'test.db');
    url = `file:${target}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!PG_URL) throw new Error('GATEHOUSE_TEST_PG_URL is not set');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const parsed = new URL(PG_URL);
    parsed.pathname = `/${name}`;
    url = target = parsed.toString();
    cleanup = async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        // An autovacuum worker may be connected to the fresh database for a moment; WITH (FORCE)
        // cannot end it as role gh ("must be a member of … pg_signal_backend"). It goes away
        // by itself: try again shortly.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
            break;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (attempt >= 20 || (code !== '42501' && code !== '55006')) throw error;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      } finally {
        await client.end();
      }
    };
  }
  if (options.migrate !== false) await migrate({ dialect, target, migrationsDir: join(MIGRATIONS_ROOT, dialect) });
  const db = createDb({ dialect, url });
  return {
    dialect,
    url,
    target,
    db,
    async drop() {
      await db.$disconnect();
      await cleanup();
    },
  };
}
