/**
 * The admin audit view: newest first, filtered by type, user (as actor or target) and date
 * range, paged by a keyset cursor ("older than event N") so deep pages stay as fast as the first.
 */
import type { Db } from '../db';
import type { Prisma } from '../generated/postgres/client';
import type { AuditEventType } from './events';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = {
  type?: AuditEventType;
  username?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  before?: number;
};

export type AuditRow = {
  id: number;
  createdAt: Date;
  type: string;
  outcome: string;
  actorName: string | null;
  targetType: string | null;
  targetName: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown> | null;
};

/** The where clause of a filter (without the cursor); resolves the username once. */
async function buildWhere(db: Db, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.type) where.type = filter.type;
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  if (filter.username) {
    const user = await db.user.findUnique({ where: { username: filter.username.toLowerCase() }, select: { id: true } });
    // Deleted users live on in the log by name.
    where.OR = user
      ? [{ actorId: user.id }, { targetId: user.id }]
      : [{ actorName: filter.username.toLowerCase() }, { targetName: filter.username.toLowerCase() }];
  }
  return where;
}

const SELECT = {
  id: true,
  createdAt: true,
  type: true,
  outcome: true,
  actorName: true,
  targetType: true,
  targetName: true,
  ip: true,
  userAgent: true,
  data: true,
} as const;

type RawRow = Omit<AuditRow, 'data'> & { data: string | null };

/**
 * One page, newest first by (createdAt, id) — the order of the (type, createdAt), (createdAt),
 * (actorId, createdAt) and (targetId, createdAt) indexes (each ends with the id), so a filtered
 * page reads ~`take` index entries instead of sorting every event of the type. The cursor is an
 * event id; its createdAt is looked up (primary key) to continue from it.
 */
async function page(db: Db, where: Prisma.AuditEventWhereInput, before: number | undefined, take: number): Promise<RawRow[]> {
  let cursor: Prisma.AuditEventWhereInput | null = null;
  if (before) {
    const at = await db.auditEvent.findUnique({ where: { id: before }, select: { createdAt: true } });
    cursor = at
      ? { AND: [{ createdAt: { lte: at.createdAt } }, { OR: [{ createdAt: { lt: at.createdAt } }, { id: { lt: before } }] }] }
      : { id: { lt: before } };
  }
  return db.auditEvent.findMany({
    where: cursor ? { AND: [where, cursor] } : where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: SELECT,
  });
}

export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const where = await buildWhere(db, filter);
  const rows = await page(db, where, filter.before, AUDIT_PAGE_SIZE + 1);
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    rows: shown.map((row) => ({ ...row, data: parseData(row.data) })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? shown[shown.length - 1]!.id : null,
  };
}

/** Export page size: one query per this many events, whatever the total. */
export const AUDIT_EXPORT_BATCH = 1000;

/**
 * Every event of a filter, newest first, in keyset batches (`id < last id`), so an export of a
 * million events never holds more than one batch in memory. `data` stays the stored JSON text.
 */
export async function* iterateAuditEvents(db: Db, filter: AuditFilter, batchSize = AUDIT_EXPORT_BATCH): AsyncGenerator<RawRow[]> {
  const where = await buildWhere(db, filter);
  let before = filter.before;
  for (;;) {
    const rows = await page(db, where, before, batchSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1]!.id;
  }
}

function parseData(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
