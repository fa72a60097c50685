/**
 * The verify endpoint's one database read on a cache miss: the session by its hash, with its
 * user and the user's group names, in a single indexed query (Session.tokenHash is unique).
 */
import type { Db } from '../db';
import type { Dialect } from '../env';

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

const GROUPS: Record<Dialect, string> = {
  sqlite: `(SELECT group_concat(g."name", ',') FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
  postgresql: `(SELECT string_agg(g."name", ',' ORDER BY g."name") FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
};

const sql = (dialect: Dialect) => `SELECT s."id" AS "sessionId", s."level", s."expiresAt", s."lastSeenAt", s."revokedAt",
       u."id" AS "userId", u."username", u."displayName", u."email", u."status", ${GROUPS[dialect]} AS "groups"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
 WHERE s."tokenHash" = ${dialect === 'sqlite' ? '?' : '$1'}`;

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export async function lookupSession(db: Db, dialect: Dialect, tokenHash: string): Promise<SessionRow | null> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql(dialect), tokenHash);
  const row = rows[0];
  if (!row) return null;
  return {
    sessionId: String(row.sessionId),
    level: String(row.level),
    expiresAt: date(row.expiresAt),
    lastSeenAt: date(row.lastSeenAt),
    revokedAt: row.revokedAt === null || row.revokedAt === undefined ? null : date(row.revokedAt),
    userId: String(row.userId),
    username: String(row.username),
    displayName: String(row.displayName),
    email: String(row.email),
    status: String(row.status),
    groups: row.groups ? String(row.groups).split(',').sort() : [],
  };
}
