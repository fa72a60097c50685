/**
 * The verify endpoint's own, minimal database access: on a cache miss, the session by its hash
 * with its user and group names in ONE indexed query (Session.tokenHash is unique); the same
 * read connection for the credential sources' own single-row lookups (credential-source.ts);
 * and, in batches off the request path, "last seen" writes. It talks to the driver directly (a prepared
 * statement per dialect) rather than through Prisma: on the hot path the ORM's per-call cost is
 * several times the query's own.
 */
import { effectiveLevel } from '../auth/assurance';
import type { Db } from '../db';
import type { DatabaseConfig, Dialect } from '../config';
import { openRawPgPool, utcTimestamp } from '../db/raw-pg-pool';

/** The user behind a credential, as every lookup of the verify endpoint reads it (USER_COLUMNS_SQL). */
export type UserColumns = {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  groups: string[];
};

export type SessionRow = UserColumns & {
  sessionId: string;
  level: string;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
};

export type SessionStore = {
  lookup(tokenHash: string): Promise<SessionRow | null>;
  /** Records "last seen" for many sessions at once. */
  touch(sessionIds: string[], at: Date): Promise<void>;
  /** A prepared single-row query with one parameter, for a credential source's own lookup. */
  prepareOne(name: string, sql: Readonly<Record<Dialect, string>>): (value: string) => Promise<Record<string, unknown> | null>;
  /** PostgreSQL only: the pool's connections by state. */
  poolCounts?(): PoolCounts;
  close(): Promise<void>;
};

export type PoolCounts = { total: number; idle: number; waiting: number };

const GROUPS = {
  sqlite: `(SELECT group_concat(g."name", ',') FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
  postgresql: `(SELECT string_agg(g."name", ',' ORDER BY g."name") FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
};

/** The UserColumns of the user `u` with their group names, for a credential source's own lookup too (read with userColumns). */
export const USER_COLUMNS_SQL: Readonly<Record<Dialect, string>> = {
  sqlite: `u."id" AS "userId", u."username", u."displayName", u."email", u."status", ${GROUPS.sqlite} AS "groups"`,
  postgresql: `u."id" AS "userId", u."username", u."displayName", u."email", u."status", ${GROUPS.postgresql} AS "groups"`,
};

const lookupSql = (
  dialect: 'sqlite' | 'postgresql',
) => `SELECT s."id" AS "sessionId", s."level", s."factorProvenAt", s."expiresAt", s."lastSeenAt", s."revokedAt",
       ${USER_COLUMNS_SQL[dialect]}
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
 WHERE s."tokenHash" = ${dialect === 'sqlite' ? '?' : '$1'}`;

/** Both dialects store UTC: SQLite as Prisma's ISO text, PostgreSQL as timestamp(3) without zone. */
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : asDate(value));

function toRow(raw: Record<string, unknown>): SessionRow {
  return {
    sessionId: String(raw.sessionId),
    // Two factors only when one was proven in this session (the portal's rule, lib/auth/assurance.ts).
    level: effectiveLevel({ level: String(raw.level), factorProvenAt: optionalDate(raw.factorProvenAt) }),
    expiresAt: asDate(raw.expiresAt),
    lastSeenAt: asDate(raw.lastSeenAt),
    revokedAt: raw.revokedAt === null || raw.revokedAt === undefined ? null : asDate(raw.revokedAt),
    ...userColumns(raw),
  };
}

export function userColumns(raw: Record<string, unknown>): UserColumns {
  return {
    userId: String(raw.userId),
    username: String(raw.username),
    displayName: String(raw.displayName),
    email: String(raw.email),
    status: String(raw.status),
    groups: raw.groups ? String(raw.groups).split(',').sort() : [],
  };
}

const TOUCH_CHUNK = 500;

/** "Last seen/used" writes in chunks, so one flush never builds a query with thousands of ids. */
export async function inChunks(ids: string[], write: (chunk: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += TOUCH_CHUNK) await write(ids.slice(i, i + TOUCH_CHUNK));
}

export async function createSessionStore(database: DatabaseConfig, prisma: Db): Promise<SessionStore> {
  if (database.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    // Read-only: in WAL mode a reader never waits for a writer. Writes go through Prisma's own
    // connection instead; a second writing connection in this process would wait for the lock
    // synchronously, freezing the event loop while Prisma holds it.
    const db = new Database(database.sqlitePath!, { fileMustExist: true, readonly: true });
    const lookup = db.prepare(lookupSql('sqlite'));
    return {
      async lookup(tokenHash) {
        const raw = lookup.get(tokenHash) as Record<string, unknown> | undefined;
        return raw ? toRow(raw) : null;
      },
      prepareOne(_name, sql) {
        const statement = db.prepare(sql.sqlite);
        return async (value) => (statement.get(value) as Record<string, unknown> | undefined) ?? null;
      },
      touch: (ids, at) => inChunks(ids, (chunk) => prisma.session.updateMany({ where: { id: { in: chunk }, revokedAt: null }, data: { lastSeenAt: at } })),
      async close() {
        db.close();
      },
    };
  }
  const pool = await openRawPgPool(database.url);
  return {
    async lookup(tokenHash) {
      const result = await pool.query({ name: 'gatehouse-verify-session', text: lookupSql('postgresql'), values: [tokenHash] });
      return result.rows[0] ? toRow(result.rows[0] as Record<string, unknown>) : null;
    },
    touch: (ids, at) =>
      inChunks(ids, (chunk) => pool.query('UPDATE "Session" SET "lastSeenAt" = $1 WHERE "revokedAt" IS NULL AND "id" = ANY($2)', [utcTimestamp(at), chunk])),
    prepareOne: (name, sql) => async (value) => {
      const result = await pool.query({ name: `gatehouse-verify-${name}`, text: sql.postgresql, values: [value] });
      return (result.rows[0] as Record<string, unknown> | undefined) ?? null;
    },
    poolCounts: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await pool.end();
    },
  };
}
