/**
 * What an admin sees and does on /admin/bans: the bans in force (a user, an OpenID Connect client
 * or a client address, since, until, how many failures placed it) and lifting one. A lift sets `liftedAt` (the row is
 * kept) and is audited in the same transaction.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db, DbOrTx } from '../db';
import { AppError } from '../errors';
import { announce } from '../events/announce';
import type { RequestMeta } from '../http/request-meta-types';
import { parseSubject, type SubjectKind, subjectDetail } from './credentials';

export type Ban = {
  id: number;
  kind: SubjectKind;
  subject: string;
  /** The user's id, the client's id, the address, or the raw subject. */
  value: string;
  /** The user's username (null for other kinds, or when the user has since been deleted). */
  username: string | null;
  /** The OpenID Connect client's name and application (null for other kinds, or when the client has since been deleted). */
  client: BannedClient | null;
  since: Date;
  until: Date;
  failures: number;
};

export type BannedClient = { name: string; applicationId: string };

/** How a ban's target reads in messages: "user alice", "OpenID client Paperless (paperless)", "login name nobody", "address 192.0.2.7". */
export function banLabel(ban: Pick<Ban, 'kind' | 'value' | 'username'> & { client?: Pick<BannedClient, 'name'> | null }): string {
  if (ban.kind === 'user') return `user ${ban.username ?? `(deleted, id ${ban.value})`}`;
  if (ban.kind === 'client') return `OpenID client ${ban.client ? `${ban.client.name} (${ban.value})` : `(deleted, id ${ban.value})`}`;
  if (ban.kind === 'login') return `login name ${ban.value}`;
  if (ban.kind === 'address') return `address ${ban.value}`;
  return ban.value;
}

/** Bans in force at `now`, newest first (at most `limit`; the table holds few live rows). */
export async function listBans(db: Db, input: { now?: Date; limit?: number } = {}): Promise<Ban[]> {
  const now = input.now ?? new Date();
  const locks = await db.credentialLock.findMany({
    where: { liftedAt: null, until: { gt: now } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit ?? 500,
    select: { id: true, subject: true, createdAt: true, until: true, failures: true },
  });
  const subjects = locks.map((l) => parseSubject(l.subject));
  const idsOf = (kind: SubjectKind) => [...new Set(subjects.filter((s) => s.kind === kind).map((s) => s.value))];
  const userIds = idsOf('user');
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.username]));
  const clients = await bannedClients(db, idsOf('client'));
  return locks.map((l) => {
    const { kind, value } = parseSubject(l.subject);
    return {
      id: l.id,
      kind,
      subject: l.subject,
      value,
      username: kind === 'user' ? (names.get(value) ?? null) : null,
      client: kind === 'client' ? (clients.get(value) ?? null) : null,
      since: l.createdAt,
      until: l.until,
      failures: l.failures,
    };
  });
}

async function bannedClients(db: DbOrTx, ids: string[]): Promise<Map<string, BannedClient>> {
  if (!ids.length) return new Map();
  const rows = await db.oidcClient.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, applicationId: true } });
  return new Map(rows.map((c) => [c.id, { name: c.name, applicationId: c.applicationId }]));
}

/** How many bans are in force (for the overview). */
export async function countBans(db: Db, now = new Date()): Promise<number> {
  return db.credentialLock.count({ where: { liftedAt: null, until: { gt: now } } });
}

/**
 * Lifts the ban with this id, and any other ban in force on the same subject, auditing it in the
 * same transaction. Throws NOT_FOUND when it has already ended or been lifted (another admin, or
 * time). Failures before the lift no longer count toward a new ban.
 */
export async function liftBan(db: Db, input: { id: number; actor: AuditParty; meta: RequestMeta; now?: Date }): Promise<{ label: string }> {
  const now = input.now ?? new Date();
  const lifted = await db.$transaction(async (tx) => {
    const lock = await tx.credentialLock.findUnique({ where: { id: input.id }, select: { subject: true, liftedAt: true, until: true, failures: true } });
    if (!lock || lock.liftedAt || lock.until <= now) throw new AppError('NOT_FOUND', 'This ban has already ended or been lifted.');
    // Conditional update: of two admins lifting at once, one lifts and the other is told it is gone.
    const { count } = await tx.credentialLock.updateMany({ where: { subject: lock.subject, liftedAt: null, until: { gt: now } }, data: { liftedAt: now } });
    if (count === 0) throw new AppError('NOT_FOUND', 'This ban has already ended or been lifted.');
    const { kind, value } = parseSubject(lock.subject);
    const user = kind === 'user' ? await tx.user.findUnique({ where: { id: value }, select: { username: true } }) : null;
    const client = kind === 'client' ? ((await bannedClients(tx, [value])).get(value) ?? null) : null;
    const label = banLabel({ kind, value, username: user?.username ?? null, client });
    await logEvent(tx, {
      type: 'regulation.lifted',
      actor: input.actor,
      target:
        kind === 'user'
          ? { type: 'user', id: value, name: user?.username ?? value }
          : kind === 'client'
            ? { type: 'oidc_client', id: value, name: client?.name ?? value }
            : null,
      meta: input.meta,
      data: {
        subject: kind,
        ...subjectDetail(kind, value),
        until: lock.until.toISOString(),
        failures: lock.failures,
      },
    });
    // The verify endpoint stops refusing the address's device tokens at once (every instance).
    if (kind === 'address') await announce(tx, 'address-bans-lifted', { addresses: [value] });
    return { label };
  });
  return { label: lifted.label };
}
