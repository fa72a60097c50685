/**
 * The first admin is created through a one-time link printed to the console at start (valid
 * one hour). Once an active admin exists no link is issued; issuing a new one retires the old.
 */
import { logEvent } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { dialectOf, type Db, type DbOrTx, type Tx } from '../db';
import { issueOneTimeToken } from '../links/one-time-token';

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;

/**
 * Serialises everything that decides "is there an admin yet?" and acts on it (issuing a setup
 * link, completing setup), across instances sharing the database: two instances starting
 * together each print a link, and both may be used at once. PostgreSQL: a transaction-scoped
 * advisory lock, after which each statement sees what the one before committed. SQLite: BEGIN
 * IMMEDIATE (lib/db) already runs write transactions one at a time.
 */
export async function lockSetup(db: Db, tx: Tx): Promise<void> {
  if (dialectOf(db) === 'postgresql')
    await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', 'gatehouse.setup');
}

export async function adminExists(db: DbOrTx): Promise<boolean> {
  const admin = await db.user.findFirst({
    where: { status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } } },
    select: { id: true },
  });
  return admin !== null;
}

/** Returns the setup URL, or null when an admin already exists. */
export async function issueSetupLink(db: Db, input: { baseUrl: string; now?: Date }): Promise<{ url: string; expiresAt: Date } | null> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    await lockSetup(db, tx);
    if (await adminExists(tx)) return null;
    await tx.oneTimeToken.updateMany({ where: { purpose: 'setup', usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    const { token, expiresAt } = await issueOneTimeToken(tx, { purpose: 'setup', ttlMs: SETUP_LINK_TTL_MS, now });
    await logEvent(tx, { type: 'setup.link_issued', data: { expiresAt: expiresAt.toISOString() } });
    return { url: `${input.baseUrl}/setup/${token}`, expiresAt };
  });
}
