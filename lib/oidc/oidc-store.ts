/**
 * The provider's hot reads, straight from the driver with a prepared statement per dialect, as the
 * verify endpoint reads sessions (lib/verify/session-store.ts): on the token and userinfo
 * endpoints the ORM's per-call cost was most of the work (npm run bench:oidc). Three statements
 * carry what a grant needs:
 *
 * - `payload`: an object (code, access or refresh token…) with the grant it names, in one read;
 * - `account`: the user with their group names and whether a linked provider verified their
 *   address, and the application of the client asking — read through the client's row, so a
 *   deleted client (whatever a cache still holds of it) finds no application and gets nothing;
 * - `clientAuth`: the client's stored secret hash and the latest ban in force on it or the address.
 *
 * and the two writes of every grant, each one atomic statement: `save` (INSERT … ON CONFLICT: two
 * saves of a new object at once cannot both insert) and `consume` (a conditional update: of
 * concurrent uses exactly one changes the row).
 *
 * SQLite: reads and writes share one connection, so its page cache survives the grant's own
 * writes (a connection drops its whole cache when another one wrote); a read-only one answers
 * when that connection is busy. The writer never waits (busy timeout 0): its statement runs synchronously, so within this process it can
 * only find the lock taken while one of Prisma's transactions is open (or another process
 * writes); then the same statement goes through Prisma (`fallback`), which queues it behind that
 * transaction like every other query of the process (lib/db). A writer that waited here would
 * freeze the event loop the open transaction needs to finish.
 */
import type { DatabaseConfig } from '../config';
import type { Db } from '../db';
import {
  accountOf,
  accountSql,
  BY_UID_SQL,
  CLIENT_AUTH_SQL,
  clientAuthOf,
  CONSUME_SQL,
  PAYLOAD_SQL,
  payloadOf,
  SAVE_SQL,
  saveArgs,
  storedTime,
  type OidcStore,
} from './oidc-store-sql';
import { openRawPgPool } from '../db/raw-pg-pool';

export type { AccountRow, ClientAuthRow, OidcStore, PayloadRow, PayloadWithGrant, PayloadWrite } from './oidc-store-sql';

/** A statement written with `$n` placeholders, for SQLite's positional `?` (arguments reordered to match). */
function positional(sql: string): { text: string; args: (values: unknown[]) => unknown[] } {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, args: (values) => order.map((i) => values[i]) };
}

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code));

type SqliteDb = import('better-sqlite3').Database;

/** A read on the writer's connection (its page cache stays warm between the grant's own writes), on the reader when that is busy. */
function prepareSqlite(writer: SqliteDb, reader: SqliteDb, sql: string): (...args: unknown[]) => Record<string, unknown> | null {
  const { text, args } = positional(sql);
  const [first, second] = [writer.prepare(text), reader.prepare(text)];
  return (...values) => {
    let row: unknown;
    try {
      row = first.get(...args(values));
    } catch (error) {
      if (!isBusy(error)) throw error;
      row = second.get(...args(values));
    }
    return (row as Record<string, unknown> | undefined) ?? null;
  };
}

/** A write on the never-waiting connection, or through Prisma's queue when the lock is taken (see the module comment). */
function sqliteWrite(writer: SqliteDb, prisma: () => Db, sql: string): (values: unknown[]) => Promise<number> {
  const { text, args } = positional(sql);
  const statement = writer.prepare(text);
  return async (values) => {
    try {
      return statement.run(...args(values)).changes;
    } catch (error) {
      if (!isBusy(error)) throw error;
      return prisma().$executeRawUnsafe(text, ...args(values));
    }
  };
}

/** The path of a `file:` URL (DatabaseConfig.sqlitePath when there is one). */
function sqlitePathOf(database: Pick<DatabaseConfig, 'url' | 'sqlitePath'>): string {
  return database.sqlitePath ?? database.url.replace(/^file:/, '');
}

/** `prisma`: the process's client, for SQLite writes that find the lock taken. */
export async function createOidcStore(database: Pick<DatabaseConfig, 'url' | 'dialect' | 'sqlitePath'>, prisma: () => Db): Promise<OidcStore> {
  if (database.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const reader = new Database(sqlitePathOf(database), { fileMustExist: true, readonly: true });
    const writer = new Database(sqlitePathOf(database), { fileMustExist: true, timeout: 0 });
    const save = sqliteWrite(writer, prisma, SAVE_SQL);
    const consume = sqliteWrite(writer, prisma, CONSUME_SQL);
    const payload = prepareSqlite(writer, reader, PAYLOAD_SQL);
    const byUid = prepareSqlite(writer, reader, BY_UID_SQL);
    const account = prepareSqlite(writer, reader, accountSql('sqlite'));
    const clientAuth = prepareSqlite(writer, reader, CLIENT_AUTH_SQL);
    return {
      async save(row) {
        await save(saveArgs(row, storedTime.sqlite));
      },
      consume: (model, id, at) => consume([storedTime.sqlite(at), model, id]),
      async payload(model, id) {
        const raw = payload(model, id);
        return raw ? payloadOf(raw) : null;
      },
      async payloadByUid(model, uid) {
        const raw = byUid(model, uid);
        return raw ? payloadOf(raw) : null;
      },
      async account(userId, clientId) {
        const raw = account(userId, clientId);
        return raw ? accountOf(raw) : null;
      },
      async clientAuth(clientId, subjects) {
        const raw = clientAuth(clientId, subjects[0] ?? null, subjects[1] ?? null);
        return raw ? clientAuthOf(raw) : null;
      },
      async close() {
        reader.close();
        writer.close();
      },
    };
  }
  const pool = await openRawPgPool(database.url);
  const one = async (name: string, text: string, values: unknown[]) => {
    const result = await pool.query({ name: `gatehouse-oidc-${name}`, text, values });
    return (result.rows[0] as Record<string, unknown> | undefined) ?? null;
  };
  const accountText = accountSql('postgresql');
  return {
    async save(row) {
      await pool.query({ name: 'gatehouse-oidc-save', text: SAVE_SQL, values: saveArgs(row, storedTime.postgresql) });
    },
    async consume(model, id, at) {
      const result = await pool.query({ name: 'gatehouse-oidc-consume', text: CONSUME_SQL, values: [storedTime.postgresql(at), model, id] });
      return result.rowCount ?? 0;
    },
    async payload(model, id) {
      const raw = await one('payload', PAYLOAD_SQL, [model, id]);
      return raw ? payloadOf(raw) : null;
    },
    async payloadByUid(model, uid) {
      const raw = await one('by-uid', BY_UID_SQL, [model, uid]);
      return raw ? payloadOf(raw) : null;
    },
    async account(userId, clientId) {
      const raw = await one('account', accountText, [userId, clientId]);
      return raw ? accountOf(raw) : null;
    },
    async clientAuth(clientId, subjects) {
      const raw = await one('client-auth', CLIENT_AUTH_SQL, [clientId, subjects[0] ?? null, subjects[1] ?? null]);
      return raw ? clientAuthOf(raw) : null;
    },
    async close() {
      await pool.end();
    },
  };
}
