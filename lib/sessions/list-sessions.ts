/** A user's sessions that still work, newest activity first, for the Security page. */
import type { Db } from '../db';
import { effectiveEnd, sessionState } from './session-policy';

export type SessionSummary = {
  id: string;
  level: string;
  createdAt: Date;
  lastSeenAt: Date;
  endsAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export async function listActiveSessions(
  db: Db,
  input: { userId: string; currentSessionId?: string; idleTimeoutMs: number; now?: Date },
): Promise<SessionSummary[]> {
  const now = input.now ?? new Date();
  const rows = await db.session.findMany({
    where: { userId: input.userId, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, level: true, createdAt: true, lastSeenAt: true, expiresAt: true, revokedAt: true, ip: true, userAgent: true },
    orderBy: { lastSeenAt: 'desc' },
    take: 200,
  });
  return rows
    .filter((row) => sessionState(row, now, input.idleTimeoutMs) === 'active')
    .map((row) => ({
      id: row.id,
      level: row.level,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      endsAt: effectiveEnd(row, input.idleTimeoutMs),
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === input.currentSessionId,
    }));
}
