/**
 * The one Prisma client of this process, for the dialect DATABASE_URL names.
 *
 * Both dialects share one data model, so the SQLite client is typed as the PostgreSQL one;
 * code here must use only features both providers support (no `mode: 'insensitive'` —
 * usernames and emails are stored lower-case instead).
 *
 * Secret columns are omitted from every query by default: code that needs one selects it
 * explicitly, so a hash can never leak through a `findMany` spread into a page.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { getEnv, type Dialect } from '../config';
import { installAfterCommit } from './after-commit';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';

export const OMIT_SECRETS = {
  user: { passwordHash: true },
  session: { tokenHash: true },
  oneTimeToken: { tokenHash: true },
  secondFactor: { secret: true },
  recoveryCode: { codeHash: true },
  appToken: { tokenHash: true },
  paperlessAccount: { realToken: true },
  paperlessConnection: { adminToken: true },
} as const;

function createPostgresClient(url: string) {
  return new PostgresClient({
    adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 }),
    omit: OMIT_SECRETS,
  });
}

export type Db = ReturnType<typeof createPostgresClient>;
/** The client handed to an interactive transaction callback. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
/** Either the client or a transaction: functions that can join a caller's transaction take this. */
export type DbOrTx = Db | Tx;

/**
 * Prisma's SQLite adapter opens transactions with a plain (deferred) BEGIN. A deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY when another
 * connection (a second Gatehouse instance, or the verify endpoint's own connection) wrote in
 * between; BEGIN IMMEDIATE takes the write lock up front and waits for it (busy timeout) instead.
 *
 * The adapter also runs every query of this process on ONE connection, and queues only
 * transactions: a query outside any transaction, made while another request's transaction is
 * open, ran inside it, read what it had not committed, and was undone with it when it rolled
 * back (a consumed WebAuthn challenge came back). So a query outside a transaction waits here
 * for the open transaction to end, as it would on a database with a connection of its own.
 * (Code inside a transaction must use its `tx`: a query on the client from inside one waits for
 * that transaction, and fails when its timeout ends it.)
 */
class ImmediateTransactionsSqlite extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);

    // First come, first served: each holder releases the next.
    let tail: Promise<void> = Promise.resolve();
    const acquire = async (): Promise<() => void> => {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const before = tail;
      tail = before.then(() => turn);
      await before;
      return release;
    };
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const release = await acquire();
      try {
        const tx = await startTransaction(isolationLevel);
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      } catch (error) {
        release();
        throw error;
      }
    };
    // A query outside any transaction waits its turn like one.
    const inTurn =
      <A, R>(run: (arg: A) => Promise<R>) =>
      async (arg: A): Promise<R> => {
        const release = await acquire();
        try {
          return await run(arg);
        } finally {
          release();
        }
      };
    adapter.queryRaw = inTurn(adapter.queryRaw.bind(adapter));
    adapter.executeRaw = inTurn(adapter.executeRaw.bind(adapter));
    return adapter;
  }
}

// Shared through globalThis like the client itself: the server bundle and Next's bundles each
// load this module, and the one that made the client may not be the one asking.
const DIALECT_KEY = Symbol.for('gatehouse.dbDialects');
const DIALECT_OF: WeakMap<object, Dialect> = ((globalThis as { [DIALECT_KEY]?: WeakMap<object, Dialect> })[DIALECT_KEY] ??= new WeakMap());

/** Which database a client talks to, for the few places that need dialect-specific SQL (locks). */
export function dialectOf(db: Db): Dialect {
  const dialect = DIALECT_OF.get(db);
  if (!dialect) throw new Error('dialectOf: this client was not made by createDb');
  return dialect;
}

export function createDb(options: { dialect: Dialect; url: string }): Db {
  const client =
    options.dialect === 'postgresql'
      ? createPostgresClient(options.url)
      : // Same generated model, different provider literal: see the module comment.
        (new SqliteClient({ adapter: new ImmediateTransactionsSqlite({ url: options.url, timeout: 10_000 }), omit: OMIT_SECRETS }) as unknown as Db);
  DIALECT_OF.set(client, options.dialect);
  // Transactions can carry work for after their commit (lib/events/announce.ts).
  return installAfterCommit(client, options.dialect);
}

const KEY = Symbol.for('gatehouse.db');
type Holder = { [KEY]?: Db };

/**
 * The process-wide client, shared through globalThis so the custom server (lib/server) and
 * Next's bundles use one connection pool.
 */
export function getDb(): Db {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const { database } = getEnv();
    holder[KEY] = createDb({ dialect: database.dialect, url: database.url });
  }
  return holder[KEY];
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const db = holder[KEY];
  delete holder[KEY];
  await db?.$disconnect();
}

/** True when the database answers a trivial query within the timeout. */
export async function pingDb(db: Db = getDb(), timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
