/**
 * The verify endpoint's own, minimal database access: on a cache miss, the session by its hash
 * with its user and group names in ONE indexed query (Session.tokenHash is unique); and, in
 * batches off the request path, "last seen" writes. It talks to the driver directly (a prepared
 * statement per dialect) rather than through Prisma: on the hot path the ORM's per-call cost is
 * several times the query's own.
 */
import { effectiveLevel } from '../auth/assurance';
import type { Db } from '../db';
import type { Env } from '../env';
import type { DeviceTokenRow } from './device-token-source';

export type SessionRow = {
  sessionId: string;
  level: string;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  userId: string;
  username: string;
  displayName: string;
  email: string;
  status: string;
  groups: string[];
};

export type SessionStore = {
  lookup(tokenHash: string): Promise<SessionRow | null>;
  /** Records "last seen" for many sessions at once. */
  touch(sessionIds: string[], at: Date): Promise<void>;
  /** A device token by its hash, with its user, groups and sealed real Paperless token: one indexed query. */
  lookupDevice(tokenHash: string): Promise<DeviceTokenRow | null>;
  /** Records "last used" for many device tokens at once. */
  touchDevices(tokenIds: string[], at: Date): Promise<void>;
  close(): Promise<void>;
};

const GROUPS = {
  sqlite: `(SELECT group_concat(g."name", ',') FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
  postgresql: `(SELECT string_agg(g."name", ',' ORDER BY g."name") FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
};

const lookupSql = (dialect: 'sqlite' | 'postgresql') => `SELECT s."id" AS "sessionId", s."level", s."factorProvenAt", s."expiresAt", s."lastSeenAt", s."revokedAt",
       u."id" AS "userId", u."username", u."displayName", u."email", u."status", ${GROUPS[dialect]} AS "groups"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
 WHERE s."tokenHash" = ${dialect === 'sqlite' ? '?' : '$1'}`;

const deviceSql = (dialect: 'sqlite' | 'postgresql') => `SELECT d."id" AS "tokenId", d."expiresAt", d."revokedAt", d."lastUsedAt",
       u."id" AS "userId", u."username", u."displayName", u."email", u."status", ${GROUPS[dialect]} AS "groups", p."realToken",
       (SELECT c."publicUrl" FROM "PaperlessConnection" c WHERE c."id" = 'default') AS "paperlessUrl"
  FROM "DeviceToken" d JOIN "User" u ON u."id" = d."userId" LEFT JOIN "PaperlessAccount" p ON p."userId" = d."userId"
 WHERE d."tokenHash" = ${dialect === 'sqlite' ? '?' : '$1'}`;

/** Both dialects store UTC: SQLite as Prisma's ISO text, PostgreSQL as timestamp(3) without zone. */
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : asDate(value));

function toRow(raw: Record<string, unknown>): SessionRow {
  return {
    sessionId: String(raw.sessionId),
    // Two factors only when one was proven in this session (the portal's rule, lib/auth/assurance.ts).
    level: effectiveLevel({ level: String(raw.level), factorProvenAt: optionalDate(raw.factorProvenAt) }),
    expiresAt: asDate(raw.expiresAt),
    lastSeenAt: asDate(raw.lastSeenAt),
    revokedAt: raw.revokedAt === null || raw.revokedAt === undefined ? null : asDate(raw.revokedAt),
    userId: String(raw.userId),
    username: String(raw.username),
    displayName: String(raw.displayName),
    email: String(raw.email),
    status: String(raw.status),
    groups: raw.groups ? String(raw.groups).split(',').sort() : [],
  };
}


function toDeviceRow(raw: Record<string, unknown>): DeviceTokenRow {
  return {
    tokenId: String(raw.tokenId),
    expiresAt: optionalDate(raw.expiresAt),
    revokedAt: optionalDate(raw.revokedAt),
    lastUsedAt: optionalDate(raw.lastUsedAt),
    userId: String(raw.userId),
    username: String(raw.username),
    displayName: String(raw.displayName),
    email: String(raw.email),
    status: String(raw.status),
    groups: raw.groups ? String(raw.groups).split(',').sort() : [],
    realToken: raw.realToken === null || raw.realToken === undefined ? null : String(raw.realToken),
    paperlessUrl: raw.paperlessUrl === null || raw.paperlessUrl === undefined ? null : String(raw.paperlessUrl),
  };
}

const TOUCH_CHUNK = 500;

/** "Last seen/used" writes in chunks, so one flush never builds a query with thousands of ids. */
async function inChunks(ids: string[], write: (chunk: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += TOUCH_CHUNK) await write(ids.slice(i, i + TOUCH_CHUNK));
}

export async function createSessionStore(database: Env['database'], prisma: Db): Promise<SessionStore> {
  if (database.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    // Read-only: in WAL mode a reader never waits for a writer. Writes go through Prisma's own
    // connection instead; a second writing connection in this process would wait for the lock
    // synchronously, freezing the event loop while Prisma holds it.
    const db = new Database(database.sqlitePath!, { fileMustExist: true, readonly: true });
    const lookup = db.prepare(lookupSql('sqlite'));
    const lookupDevice = db.prepare(deviceSql('sqlite'));
    return {
      async lookup(tokenHash) {
        const raw = lookup.get(tokenHash) as Record<string, unknown> | undefined;
        return raw ? toRow(raw) : null;
      },
      async lookupDevice(tokenHash) {
        const raw = lookupDevice.get(tokenHash) as Record<string, unknown> | undefined;
        return raw ? toDeviceRow(raw) : null;
      },
      touchDevices: (ids, at) => inChunks(ids, (chunk) => prisma.deviceToken.updateMany({ where: { id: { in: chunk } }, data: { lastUsedAt: at } })),
      touch: (ids, at) => inChunks(ids, (chunk) => prisma.session.updateMany({ where: { id: { in: chunk }, revokedAt: null }, data: { lastSeenAt: at } })),
      async close() {
        db.close();
      },
    };
  }
  const { default: pg } = await import('pg');
  // timestamp without time zone holds UTC here: read it as UTC whatever the server's TZ.
  const TIMESTAMP = 1114;
  const types = { getTypeParser: ((oid: number, format?: string) => (oid === TIMESTAMP ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };
  const pool = new pg.Pool({ connectionString: database.url, max: 4, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 30_000, types });
  // An idle client that loses its server (database restart) must not crash the process.
  pool.on('error', () => undefined);
  const utc = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
  return {
    async lookup(tokenHash) {
      const result = await pool.query({ name: 'gatehouse-verify-session', text: lookupSql('postgresql'), values: [tokenHash] });
      return result.rows[0] ? toRow(result.rows[0] as Record<string, unknown>) : null;
    },
    touch: (ids, at) => inChunks(ids, (chunk) => pool.query('UPDATE "Session" SET "lastSeenAt" = $1 WHERE "revokedAt" IS NULL AND "id" = ANY($2)', [utc(at), chunk])),
    async lookupDevice(tokenHash) {
      const result = await pool.query({ name: 'gatehouse-verify-device', text: deviceSql('postgresql'), values: [tokenHash] });
      return result.rows[0] ? toDeviceRow(result.rows[0] as Record<string, unknown>) : null;
    },
    touchDevices: (ids, at) => inChunks(ids, (chunk) => pool.query('UPDATE "DeviceToken" SET "lastUsedAt" = $1 WHERE "id" = ANY($2)', [utc(at), chunk])),
    async close() {
      await pool.end();
    },
  };
}
