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
 * SQLite: the reader is read-only (in WAL mode it never waits for a writer). The writer never
 * waits either (busy timeout 0): its statement runs synchronously, so within this process it can
 * only find the lock taken while one of Prisma's transactions is open (or another process
 * writes); then the same statement goes through Prisma (`fallback`), which queues it behind that
 * transaction like every other query of the process (lib/db). A writer that waited here would
 * freeze the event loop the open transaction needs to finish.
 */
import type { DatabaseConfig, Dialect } from '../config';
import type { Db } from '../db';
import { LOCK_SCOPES } from '../regulation/credentials';

export type PayloadRow = { payload: string; expiresAt: Date | null; consumedAt: Date | null };

export type PayloadWithGrant = PayloadRow & { grantId: string | null; grant: PayloadRow | null };

export type AccountRow = {
  id: string;
  username: string;
  email: string;
  displayName: string;
  status: string;
  signupMethod: string;
  groups: string[];
  /** A linked provider asserted the user's current address as verified. */
  identityVerified: boolean;
  /** The asking client's application (null: the client or its application is gone). */
  application: { subjects: string; level: string } | null;
};

export type ClientAuthRow = { secretHash: string | null; lockedUntil: Date | null };

/** An OidcPayload row as `save` writes it. */
export type PayloadWrite = {
  model: string;
  id: string;
  payload: string;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  accountId: string | null;
  clientId: string | null;
  expiresAt: Date | null;
  createdAt: Date;
};

export type OidcStore = {
  /** Inserts the row, or replaces its payload and lookup columns (consumedAt and createdAt stay). */
  save(row: PayloadWrite): Promise<void>;
  /** Marks the object consumed unless it already was: 1 when this call did, 0 otherwise. */
  consume(model: string, id: string, at: Date): Promise<number>;
  payload(model: string, id: string): Promise<PayloadWithGrant | null>;
  /** The user, with the application of `clientId` when one is given. */
  account(userId: string, clientId: string | null): Promise<AccountRow | null>;
  /** null: no such client. `subjects` are the regulation subjects (client, address). */
  clientAuth(clientId: string, subjects: readonly string[]): Promise<ClientAuthRow | null>;
  close(): Promise<void>;
};

const PAYLOAD_SQL = `SELECT t."payload", t."expiresAt", t."consumedAt", t."grantId",
       g."payload" AS "grantPayload", g."expiresAt" AS "grantExpiresAt", g."consumedAt" AS "grantConsumedAt"
  FROM "OidcPayload" t LEFT JOIN "OidcPayload" g ON t."model" <> 'Grant' AND g."model" = 'Grant' AND g."id" = t."grantId"
 WHERE t."model" = $1 AND t."id" = $2`;

const SAVE_SQL = `INSERT INTO "OidcPayload" ("model", "id", "payload", "grantId", "uid", "userCode", "accountId", "clientId", "expiresAt", "createdAt")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT ("model", "id") DO UPDATE SET "payload" = excluded."payload", "grantId" = excluded."grantId", "uid" = excluded."uid",
  "userCode" = excluded."userCode", "accountId" = excluded."accountId", "clientId" = excluded."clientId", "expiresAt" = excluded."expiresAt"`;

const CONSUME_SQL = `UPDATE "OidcPayload" SET "consumedAt" = $1 WHERE "model" = $2 AND "id" = $3 AND "consumedAt" IS NULL`;

/** A DateTime as each dialect stores it: Prisma's ISO text on SQLite (adapter-better-sqlite3), UTC timestamp(3) on PostgreSQL. */
export const storedTime: Record<Dialect, (date: Date) => string> = {
  sqlite: (date) => date.toISOString().replace('Z', '+00:00'),
  postgresql: (date) => date.toISOString().replace('T', ' ').replace('Z', ''),
};

const saveArgs = (row: PayloadWrite, time: (date: Date) => string) => [
  row.model,
  row.id,
  row.payload,
  row.grantId,
  row.uid,
  row.userCode,
  row.accountId,
  row.clientId,
  row.expiresAt ? time(row.expiresAt) : null,
  time(row.createdAt),
];

const GROUPS_JSON: Record<Dialect, string> = {
  sqlite: `(SELECT json_group_array(g."name") FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
  postgresql: `(SELECT COALESCE(json_agg(g."name"), '[]'::json) FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
};

const TRUE: Record<Dialect, string> = { sqlite: '1', postgresql: 'true' };

const accountSql = (dialect: Dialect) => `SELECT u."id", u."username", u."email", u."displayName", u."status", u."signupMethod",
       ${GROUPS_JSON[dialect]} AS "groups",
       EXISTS (SELECT 1 FROM "Identity" i WHERE i."userId" = u."id" AND i."emailVerified" = ${TRUE[dialect]} AND i."email" = u."email") AS "identityVerified",
       a."id" AS "applicationId", a."subjects", a."level"
  FROM "User" u
  LEFT JOIN "OidcClient" c ON c."id" = $2
  LEFT JOIN "Application" a ON a."id" = c."applicationId"
 WHERE u."id" = $1`;

const scopesIn = LOCK_SCOPES.map((scope) => `'${scope.replace(/'/g, "''")}'`).join(', ');

/** The same bans checkRegulation honours (lib/regulation/credentials.ts): not lifted; `until` compared by the caller. */
const CLIENT_AUTH_SQL = `SELECT c."secretHash",
       (SELECT MAX(l."until") FROM "CredentialLock" l
         WHERE l."scope" IN (${scopesIn}) AND l."subject" IN ($2, $3) AND l."liftedAt" IS NULL) AS "lockedUntil"
  FROM "OidcClient" c WHERE c."id" = $1`;

/** Both dialects store UTC: SQLite as Prisma's ISO text, PostgreSQL as timestamp(3) without zone (parsed as UTC below). */
const dateOf = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));

function payloadOf(raw: Record<string, unknown>): PayloadWithGrant {
  return {
    payload: String(raw.payload),
    expiresAt: dateOf(raw.expiresAt),
    consumedAt: dateOf(raw.consumedAt),
    grantId: typeof raw.grantId === 'string' ? raw.grantId : null,
    grant:
      typeof raw.grantPayload === 'string'
        ? { payload: raw.grantPayload, expiresAt: dateOf(raw.grantExpiresAt), consumedAt: dateOf(raw.grantConsumedAt) }
        : null,
  };
}

function accountOf(raw: Record<string, unknown>): AccountRow {
  const groups = typeof raw.groups === 'string' ? (JSON.parse(raw.groups) as unknown) : raw.groups;
  return {
    id: String(raw.id),
    username: String(raw.username),
    email: String(raw.email),
    displayName: String(raw.displayName),
    status: String(raw.status),
    signupMethod: String(raw.signupMethod),
    groups: Array.isArray(groups) ? groups.filter((name): name is string => typeof name === 'string') : [],
    identityVerified: raw.identityVerified === true || raw.identityVerified === 1,
    application: typeof raw.applicationId === 'string' ? { subjects: String(raw.subjects), level: String(raw.level) } : null,
  };
}

const clientAuthOf = (raw: Record<string, unknown>): ClientAuthRow => ({
  secretHash: typeof raw.secretHash === 'string' ? raw.secretHash : null,
  lockedUntil: dateOf(raw.lockedUntil),
});

/** A statement written with `$n` placeholders, for SQLite's positional `?` (arguments reordered to match). */
function positional(sql: string): { text: string; args: (values: unknown[]) => unknown[] } {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, args: (values) => order.map((i) => values[i]) };
}

function prepareSqlite(db: import('better-sqlite3').Database, sql: string): (...args: unknown[]) => Record<string, unknown> | null {
  const { text, args } = positional(sql);
  const statement = db.prepare(text);
  return (...values) => (statement.get(...args(values)) as Record<string, unknown> | undefined) ?? null;
}

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code));

/** A write on the never-waiting connection, or through Prisma's queue when the lock is taken (see the module comment). */
function sqliteWrite(writer: import('better-sqlite3').Database, prisma: () => Db, sql: string): (values: unknown[]) => Promise<number> {
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
    const db = new Database(sqlitePathOf(database), { fileMustExist: true, readonly: true });
    const writer = new Database(sqlitePathOf(database), { fileMustExist: true, timeout: 0 });
    const save = sqliteWrite(writer, prisma, SAVE_SQL);
    const consume = sqliteWrite(writer, prisma, CONSUME_SQL);
    const payload = prepareSqlite(db, PAYLOAD_SQL);
    const account = prepareSqlite(db, accountSql('sqlite'));
    const clientAuth = prepareSqlite(db, CLIENT_AUTH_SQL);
    return {
      async save(row) {
        await save(saveArgs(row, storedTime.sqlite));
      },
      consume: (model, id, at) => consume([storedTime.sqlite(at), model, id]),
      async payload(model, id) {
        const raw = payload(model, id);
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
        db.close();
        writer.close();
      },
    };
  }
  const { default: pg } = await import('pg');
  // timestamp without time zone holds UTC here: read it as UTC whatever the server's TZ.
  const TIMESTAMP = 1114;
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === TIMESTAMP
        ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: database.url, max: 4, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 30_000, types });
  // An idle client that loses its server (database restart) must not crash the process.
  pool.on('error', () => undefined);
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
