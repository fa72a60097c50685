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
 * Writes stay on Prisma's connection (lib/oidc/adapter.ts): on SQLite that connection serializes
 * them with the transactions of the rest of the process. The SQLite reader here is read-only: in
 * WAL mode it never waits for a writer.
 */
import type { DatabaseConfig, Dialect } from '../config';
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

export type OidcStore = {
  payload(model: string, id: string): Promise<PayloadWithGrant | null>;
  /** The user, with the application of `clientId` when one is given. */
  account(userId: string, clientId: string | null): Promise<AccountRow | null>;
  /** null: no such client. `subjects` are the regulation subjects (client, address). */
  clientAuth(clientId: string, subjects: readonly string[]): Promise<ClientAuthRow | null>;
  close(): Promise<void>;
};

const PAYLOAD_SQL = `SELECT t."payload", t."expiresAt", t."consumedAt", t."grantId",
       g."payload" AS "grantPayload", g."expiresAt" AS "grantExpiresAt", g."consumedAt" AS "grantConsumedAt"
  FROM "OidcPayload" t LEFT JOIN "OidcPayload" g ON g."model" = 'Grant' AND g."id" = t."grantId"
 WHERE t."model" = $1 AND t."id" = $2`;

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

/** A statement written with `$n` placeholders, prepared for SQLite's positional `?` (arguments reordered to match). */
function prepareSqlite(db: import('better-sqlite3').Database, sql: string): (...args: unknown[]) => Record<string, unknown> | null {
  const order: number[] = [];
  const statement = db.prepare(sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')));
  return (...args) => (statement.get(...order.map((i) => args[i])) as Record<string, unknown> | undefined) ?? null;
}

/** The path of a `file:` URL (DatabaseConfig.sqlitePath when there is one). */
function sqlitePathOf(database: Pick<DatabaseConfig, 'url' | 'sqlitePath'>): string {
  return database.sqlitePath ?? database.url.replace(/^file:/, '');
}

export async function createOidcStore(database: Pick<DatabaseConfig, 'url' | 'dialect' | 'sqlitePath'>): Promise<OidcStore> {
  if (database.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(sqlitePathOf(database), { fileMustExist: true, readonly: true });
    const payload = prepareSqlite(db, PAYLOAD_SQL);
    const account = prepareSqlite(db, accountSql('sqlite'));
    const clientAuth = prepareSqlite(db, CLIENT_AUTH_SQL);
    return {
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
