/**
 * Reads an Authelia PostgreSQL storage (storage.postgres.*) with pg, in a read-only transaction
 * with a statement timeout. MySQL storage is not supported: the report says so.
 */
import pg from 'pg';
import { MAX_ROWS, TOTP_COLUMNS, WEBAUTHN_COLUMNS, WEBAUTHN_USER_COLUMNS, checkSchemaVersion, type Row, type StorageRows } from './storage-rows';
import { readError } from './read-error';

export type PostgresStorageConfig = { host: string; port: number; database: string; schema: string; username: string; password: string; tls: boolean };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export async function readPostgresStorage(config: PostgresStorageConfig): Promise<StorageRows> {
  if (!IDENTIFIER.test(config.schema)) throw readError(`storage.postgres.schema ${JSON.stringify(config.schema)} is not a plain schema name.`);
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password,
    ssl: config.tls ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    application_name: 'gatehouse-authelia-import',
  });
  try {
    await client.connect();
  } catch (error) {
    // The driver's message names the host and the failing step, never the password.
    throw readError(`Cannot connect to the Authelia PostgreSQL storage at ${config.host}:${config.port}/${config.database}: ${(error as Error).message}`);
  }
  try {
    await client.query('BEGIN READ ONLY');
    const schema = `"${config.schema}"`;
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [config.schema]);
    const names = new Set(tables.rows.map((t) => t.table_name));
    for (const table of ['migrations', 'encryption', 'totp_configurations', 'webauthn_credentials', 'webauthn_users']) {
      if (!names.has(table))
        throw readError(`The PostgreSQL storage has no ${table} table in schema ${config.schema}: it is not an Authelia database of version 4.38 or later.`);
    }
    const latest = await client.query<{ version_after: number }>(`SELECT version_after FROM ${schema}.migrations ORDER BY id DESC LIMIT 1`);
    const schemaVersion = checkSchemaVersion(Number(latest.rows[0]?.version_after));
    const check = await client.query<{ value: Buffer }>(`SELECT value FROM ${schema}.encryption WHERE name = 'check'`);
    const all = async (sql: string) => (await client.query<Row>(`${sql} LIMIT ${MAX_ROWS + 1}`)).rows;
    return {
      schemaVersion,
      check: check.rows[0]?.value ?? null,
      totp: await all(`SELECT ${TOTP_COLUMNS} FROM ${schema}.totp_configurations ORDER BY id`),
      webauthn: await all(`SELECT ${WEBAUTHN_COLUMNS} FROM ${schema}.webauthn_credentials ORDER BY id`),
      webauthnUsers: await all(`SELECT ${WEBAUTHN_USER_COLUMNS} FROM ${schema}.webauthn_users ORDER BY id`),
    };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
