/**
 * What the end-to-end tests know about the Gatehouse processes scripts/test.mjs started, and
 * direct access to their SQLite databases (to create users quickly and to age links).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through npm test`);
  return value;
}

export type Portal = { url: string; log: string; db: string };

export const mainPortal = (): Portal => ({ url: required('GATEHOUSE_E2E_URL'), log: required('GATEHOUSE_E2E_LOG'), db: required('GATEHOUSE_E2E_DB') });
export const outboxPortal = (): Portal => ({ url: required('GATEHOUSE_E2E_OUTBOX_URL'), log: required('GATEHOUSE_E2E_OUTBOX_LOG'), db: required('GATEHOUSE_E2E_OUTBOX_DB') });
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

/** An active user with a password, straight in the database, unique per call. */
export async function createUser(portal: Portal, options: { groups?: string[]; status?: string; prefix?: string } = {}): Promise<TestUser> {
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
      db.prepare('INSERT OR IGNORE INTO "Group" ("id","name","description","createdAt") VALUES (?,?,?,?)').run(`g${randomBytes(8).toString('hex')}`, name, '', now);
      const group = db.prepare('SELECT "id" FROM "Group" WHERE "name" = ?').get(name) as { id: string };
      db.prepare('INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES (?,?,?)').run(id, group.id, now);
    }
  });
  return { id, username, email: `${username}@example.test`, displayName: `Person ${suffix}`, password };
}

const ARTIFACTS = join(process.cwd(), 'e2e', '.artifacts');
const ADMIN_FILE = join(ARTIFACTS, 'admin.json');

export function saveAdmin(admin: Omit<TestUser, 'id'>): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(ADMIN_FILE, JSON.stringify(admin));
}

/** The admin the setup project created through the setup link. */
export function savedAdmin(): Omit<TestUser, 'id'> {
  return JSON.parse(readFileSync(ADMIN_FILE, 'utf8')) as Omit<TestUser, 'id'>;
}

export const ADMIN_STATE = join(ARTIFACTS, 'admin-state.json');
