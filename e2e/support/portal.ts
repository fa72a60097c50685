/**
 * What the end-to-end tests know about the Gatehouse processes scripts/test.mjs started, and
 * direct access to their SQLite databases (to create users quickly and to age links).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { sealSecret } from '../../lib/crypto';
import { generateTotpSecret } from '../../lib/mfa/totp';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through npm test`);
  return value;
}

export type Portal = { url: string; log: string; db: string };

export const mainPortal = (): Portal => ({ url: required('GATEHOUSE_E2E_URL'), log: required('GATEHOUSE_E2E_LOG'), db: required('GATEHOUSE_E2E_DB') });
export const outboxPortal = (): Portal => ({
  url: required('GATEHOUSE_E2E_OUTBOX_URL'),
  log: required('GATEHOUSE_E2E_OUTBOX_LOG'),
  db: required('GATEHOUSE_E2E_OUTBOX_DB'),
});
/** The portal behind nginx (e2e/support/proxy-stack.ts), reached as http://auth.example.test:<port>. */
export const proxyPortal = (): Portal & { port: number } => ({
  url: required('GATEHOUSE_E2E_PROXY_PORTAL'),
  log: '',
  db: required('GATEHOUSE_E2E_PROXY_DB'),
  port: Number(required('GATEHOUSE_E2E_PROXY_PORT')),
});
export const outboxPortalEnv = (): Record<string, string> => JSON.parse(required('GATEHOUSE_E2E_OUTBOX_ENV')) as Record<string, string>;

/** The most recent setup link a portal printed to its console. */
export function setupLinkFromLog(portal: Portal): string {
  const links = readFileSync(portal.log, 'utf8').match(/https?:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/g);
  if (!links?.length) throw new Error(`no setup link in ${portal.log}`);
  return links[links.length - 1]!;
}

export function withDb<T>(portal: Portal, fn: (db: Database.Database) => T): T {
  const db = new Database(portal.db, { timeout: 10_000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export type TestUser = { id: string; username: string; email: string; displayName: string; password: string };
export type TestUserWithFactor = TestUser & { totpSecret: string };

/** How the portal stores a date in SQLite (what Prisma writes). */
export const sqliteDate = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** The portal's instance encryption key, from its data directory (as the portal reads it). */
function encryptionKeyOf(portal: Portal): Buffer {
  const stored = JSON.parse(readFileSync(join(dirname(portal.db), 'secrets.json'), 'utf8')) as { encryptionKey: string };
  const text = stored.encryptionKey;
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/**
 * Gives a user an authenticator app straight in the database (sealed as the portal seals it)
 * and returns its key, so a spec can pass the second-factor step with real codes. Adding one
 * through the emailed link is mfa.spec's and assurance.spec's subject.
 */
export function addTotpFactor(portal: Portal, userId: string, name = 'E2E phone'): string {
  const secret = generateTotpSecret();
  const sealed = sealSecret(secret, encryptionKeyOf(portal), `totp:${userId}`);
  withDb(portal, (db) =>
    db
      .prepare('INSERT INTO "SecondFactor" ("id","userId","kind","name","secret","counter","backedUp","createdAt") VALUES (?,?,?,?,?,?,?,?)')
      .run(`f${randomBytes(10).toString('hex')}`, userId, 'totp', name, sealed, 0, 0, sqliteDate(new Date())),
  );
  return secret;
}

/**
 * Sets when a factor was last proven in the user's open two-factor sessions: in the past to
 * age a session past the sudo TTL, or now.
 */
export function setFactorProof(portal: Portal, userId: string, provenAt: Date): number {
  return withDb(
    portal,
    (db) =>
      db
        .prepare(`UPDATE "Session" SET "factorProvenAt" = ? WHERE "userId" = ? AND "level" = 'two_factor' AND "revokedAt" IS NULL`)
        .run(sqliteDate(provenAt), userId).changes,
  );
}

/** An active user with a password, straight in the database, unique per call. */
export async function createUser(portal: Portal, options: { groups?: string[]; status?: string; prefix?: string; factor?: false }): Promise<TestUser>;
/** The same, with an authenticator app whose key is returned. */
export async function createUser(portal: Portal, options: { groups?: string[]; status?: string; prefix?: string; factor: true }): Promise<TestUserWithFactor>;
export async function createUser(portal: Portal): Promise<TestUser>;
export async function createUser(
  portal: Portal,
  options: { groups?: string[]; status?: string; prefix?: string; factor?: boolean } = {},
): Promise<TestUser | TestUserWithFactor> {
  const suffix = randomBytes(4).toString('hex');
  const username = `${options.prefix ?? 'e2e'}-${suffix}`;
  const password = `pale moon river ${suffix} lantern`;
  const passwordHash = await hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 });
  const id = `e2e${randomBytes(10).toString('hex')}`;
  const now = new Date().toISOString().replace('Z', '+00:00');
  withDb(portal, (db) => {
    db.prepare(
      'INSERT INTO "User" ("id","username","email","displayName","passwordHash","status","statusChangedAt","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?)',
    ).run(id, username, `${username}@example.test`, `Person ${suffix}`, passwordHash, options.status ?? 'active', now, now, now);
    for (const name of options.groups ?? []) {
      db.prepare('INSERT OR IGNORE INTO "Group" ("id","name","description","createdAt") VALUES (?,?,?,?)').run(
        `g${randomBytes(8).toString('hex')}`,
        name,
        '',
        now,
      );
      const group = db.prepare('SELECT "id" FROM "Group" WHERE "name" = ?').get(name) as { id: string };
      db.prepare('INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES (?,?,?)').run(id, group.id, now);
    }
  });
  const user = { id, username, email: `${username}@example.test`, displayName: `Person ${suffix}`, password };
  return options.factor ? { ...user, totpSecret: addTotpFactor(portal, id) } : user;
}

const ARTIFACTS = join(process.cwd(), 'e2e', '.artifacts');
const ADMIN_FILE = join(ARTIFACTS, 'admin.json');

export type SavedAdmin = Omit<TestUser, 'id'> & { totpSecret: string };

export function saveAdmin(admin: SavedAdmin): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(ADMIN_FILE, JSON.stringify(admin));
}

/** The admin the setup project created through the setup link (with the authenticator app it added). */
export function savedAdmin(): SavedAdmin {
  return JSON.parse(readFileSync(ADMIN_FILE, 'utf8')) as SavedAdmin;
}

export const hasSavedAdmin = () => existsSync(ADMIN_FILE);

export const ADMIN_STATE = join(ARTIFACTS, 'admin-state.json');
