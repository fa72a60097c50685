/**
 * The admin audit view: newest first, filtered by type, user (as actor or target) and date
 * range, paged by id ("older than event N") so deep pages stay as fast as the first.
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

export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.type) where.type = filter.type;
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  if (filter.before) where.id = { lt: filter.before };
  if (filter.username) {
    const user = await db.user.findUnique({ where: { username: filter.username.toLowerCase() }, select: { id: true } });
    // Deleted users live on in the log by name.
    where.OR = user
      ? [{ actorId: user.id }, { targetId: user.id }]
      : [{ actorName: filter.username.toLowerCase() }, { targetName: filter.username.toLowerCase() }];
  }
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE + 1,
    select: { id: true, createdAt: true, type: true, outcome: true, actorName: true, targetType: true, targetName: true, ip: true, userAgent: true, data: true },
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    rows: page.map((row) => ({ ...row, data: parseData(row.data) })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
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
