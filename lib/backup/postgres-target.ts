/**
 * The PostgreSQL database a restore writes into (the one DATABASE_URL names): is it empty, moving
 * what it holds aside (schema public renamed, never dropped), and pg_restore.
 */
import pg from 'pg';
import type { StorageEnv } from '../config';
import { BackupError } from './backup-error';
import { findPostgresTool, postgresConnection, runPostgresTool } from './postgres-tools';

export function describeDatabase(storage: StorageEnv): string {
  if (storage.database.dialect === 'sqlite') return `SQLite at ${storage.database.sqlitePath}`;
  const url = new URL(storage.database.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const { pathname } = new URL(url);
    throw new BackupError(
      `Gatehouse cannot reach the PostgreSQL database ${pathname.slice(1)} (${(error as Error).message}). ` +
        'It must exist before a restore (e.g. createdb -O <role> <database>), and DATABASE_URL must name it.',
    );
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Tables, indexes, sequences and views outside PostgreSQL's own schemas. */
export function postgresRelationCount(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%' AND s.nspname NOT LIKE 'pg\\_temp%'`,
    );
    return result.rows[0].n as number;
  });
}

/** Renames schema public to gatehouse_before_restore_<stamp> and makes a new, empty public. */
export function movePostgresAside(url: string, stamp: string): Promise<string> {
  const aside = `gatehouse_before_restore_${stamp.toLowerCase()}`;
  return withClient(url, async (client) => {
    try {
      await client.query('BEGIN');
      await client.query(`ALTER SCHEMA public RENAME TO "${aside}"`);
      await client.query('CREATE SCHEMA public');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new BackupError(
        `Could not move the old tables aside (${(error as Error).message}). Give the restore an empty database, or let this role own schema public.`,
      );
    }
    return `moved the old tables aside: schema public renamed to ${aside} (drop it once the restore is confirmed)`;
  });
}

/** pg_restore in one transaction: an error leaves the database as it was. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const pgRestore = findPostgresTool('pg_restore');
  const connection = postgresConnection(url);
  await runPostgresTool(
    pgRestore,
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${connection.url}`, file],
    connection.password,
  );
}
