/**
 * What lib/oidc/oidc-store.ts reads and writes: its statements (with `$n` placeholders; SQLite's
 * are rewritten to `?`), the rows they answer, and the value shapes each dialect stores.
 */
import type { Dialect } from '../config';
import { LOCK_SCOPES } from '../regulation/credentials';
import { utcTimestamp } from '../db/raw-pg-pool';

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
  /** An object by its uid (a provider session: every find of a token bound to one checks it). */
  payloadByUid(model: string, uid: string): Promise<PayloadRow | null>;
  /** The user, with the application of `clientId` when one is given. */
  account(userId: string, clientId: string | null): Promise<AccountRow | null>;
  /** null: no such client. `subjects` are the regulation subjects (client, address). */
  clientAuth(clientId: string, subjects: readonly string[]): Promise<ClientAuthRow | null>;
  close(): Promise<void>;
};

export const PAYLOAD_SQL = `SELECT t."payload", t."expiresAt", t."consumedAt", t."grantId",
       g."payload" AS "grantPayload", g."expiresAt" AS "grantExpiresAt", g."consumedAt" AS "grantConsumedAt"
  FROM "OidcPayload" t LEFT JOIN "OidcPayload" g ON t."model" <> 'Grant' AND g."model" = 'Grant' AND g."id" = t."grantId"
 WHERE t."model" = $1 AND t."id" = $2`;

export const SAVE_SQL = `INSERT INTO "OidcPayload" ("model", "id", "payload", "grantId", "uid", "userCode", "accountId", "clientId", "expiresAt", "createdAt")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT ("model", "id") DO UPDATE SET "payload" = excluded."payload", "grantId" = excluded."grantId", "uid" = excluded."uid",
  "userCode" = excluded."userCode", "accountId" = excluded."accountId", "clientId" = excluded."clientId", "expiresAt" = excluded."expiresAt"`;

export const CONSUME_SQL = `UPDATE "OidcPayload" SET "consumedAt" = $1 WHERE "model" = $2 AND "id" = $3 AND "consumedAt" IS NULL`;

/** A DateTime as each dialect stores it: Prisma's ISO text on SQLite (adapter-better-sqlite3), UTC timestamp(3) on PostgreSQL. */
export const storedTime: Record<Dialect, (date: Date) => string> = {
  sqlite: (date) => date.toISOString().replace('Z', '+00:00'),
  postgresql: utcTimestamp,
};

export const saveArgs = (row: PayloadWrite, time: (date: Date) => string) => [
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

export const BY_UID_SQL = `SELECT "payload", "expiresAt", "consumedAt" FROM "OidcPayload" WHERE "model" = $1 AND "uid" = $2 LIMIT 1`;

const GROUPS_JSON: Record<Dialect, string> = {
  sqlite: `(SELECT json_group_array(g."name") FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
  postgresql: `(SELECT COALESCE(json_agg(g."name"), '[]'::json) FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = u."id")`,
};

const TRUE: Record<Dialect, string> = { sqlite: '1', postgresql: 'true' };

export const accountSql = (dialect: Dialect) => `SELECT u."id", u."username", u."email", u."displayName", u."status", u."signupMethod",
       ${GROUPS_JSON[dialect]} AS "groups",
       EXISTS (SELECT 1 FROM "Identity" i WHERE i."userId" = u."id" AND i."emailVerified" = ${TRUE[dialect]} AND i."email" = u."email") AS "identityVerified",
       a."id" AS "applicationId", a."subjects", a."level"
  FROM "User" u
  LEFT JOIN "OidcClient" c ON c."id" = $2
  LEFT JOIN "Application" a ON a."id" = c."applicationId"
 WHERE u."id" = $1`;

const scopesIn = LOCK_SCOPES.map((scope) => `'${scope.replace(/'/g, "''")}'`).join(', ');

/** The same bans checkRegulation honours (lib/regulation/credentials.ts): not lifted; `until` compared by the caller. */
export const CLIENT_AUTH_SQL = `SELECT c."secretHash",
       (SELECT MAX(l."until") FROM "CredentialLock" l
         WHERE l."scope" IN (${scopesIn}) AND l."subject" IN ($2, $3) AND l."liftedAt" IS NULL) AS "lockedUntil"
  FROM "OidcClient" c WHERE c."id" = $1`;

/** Both dialects store UTC: SQLite as Prisma's ISO text, PostgreSQL as timestamp(3) without zone (parsed as UTC below). */
export const dateOf = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));

export function payloadOf(raw: Record<string, unknown>): PayloadWithGrant {
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

export function accountOf(raw: Record<string, unknown>): AccountRow {
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

export const clientAuthOf = (raw: Record<string, unknown>): ClientAuthRow => ({
  secretHash: typeof raw.secretHash === 'string' ? raw.secretHash : null,
  lockedUntil: dateOf(raw.lockedUntil),
});
