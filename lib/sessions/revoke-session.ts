/**
 * Ends sessions: one (from the sessions list), all but the current one ("sign out everywhere
 * else"), or all of a user's (admin action, disabling). Each revocation and its audit event
 * commit together; the verify cache is told at once (lib/sessions/revocation-bus.ts).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db, Tx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { AppError } from '../errors';
import { announceRevocation } from './revocation-bus';

export type RevokeReason = 'user' | 'sign_out' | 'sign_out_everywhere' | 'admin' | 'first_factor';

/** Revokes one session of `ownerId`. Another user's session id is treated as unknown. */
export async function revokeSession(
  db: Db,
  input: { sessionId: string; ownerId: string; actor: AuditParty; reason: RevokeReason; meta: RequestMeta; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    const session = await tx.session.findFirst({
      where: { id: input.sessionId, userId: input.ownerId },
      select: { id: true, tokenHash: true, revokedAt: true, userAgent: true, user: { select: { username: true } } },
    });
    if (!session) throw new AppError('NOT_FOUND', 'That session does not exist or is not yours.');
    if (session.revokedAt) return;
    await tx.session.update({ where: { id: session.id }, data: { revokedAt: now, revokedReason: input.reason } });
    await logEvent(tx, {
      type: input.reason === 'sign_out' ? 'auth.sign_out' : 'session.revoked',
      actor: input.actor,
      target: { type: 'session', id: session.id, name: session.user.username },
      meta: input.meta,
      data: { reason: input.reason },
    });
    await announceRevocation(tx, { tokenHashes: [session.tokenHash] });
  });
}

/**
 * Ends a user's active sessions but `keepSessionId` (only the one-factor ones when `oneFactorOnly`:
 * those without a factor proven in them), in `tx`, with one audit event and their announcement.
 * Returns their token hashes.
 */
async function endSessions(
  tx: Tx,
  input: { userId: string; keepSessionId?: string; oneFactorOnly?: boolean; actor: AuditParty; reason: RevokeReason; meta: RequestMeta; now: Date },
): Promise<string[]> {
  const sessions = await tx.session.findMany({
    where: {
      userId: input.userId,
      revokedAt: null,
      expiresAt: { gt: input.now },
      ...(input.keepSessionId ? { id: { not: input.keepSessionId } } : {}),
      ...(input.oneFactorOnly ? { OR: [{ level: { not: 'two_factor' } }, { factorProvenAt: null }] } : {}),
    },
    select: { id: true, tokenHash: true },
  });
  if (sessions.length === 0) return [];
  await tx.session.updateMany({
    where: { id: { in: sessions.map((s) => s.id) }, revokedAt: null },
    data: { revokedAt: input.now, revokedReason: input.reason },
  });
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { username: true } });
  await logEvent(tx, {
    type: 'session.revoked',
    actor: input.actor,
    target: { type: 'user', id: input.userId, name: user?.username ?? input.userId },
    meta: input.meta,
    data: { reason: input.reason, count: sessions.length },
  });
  const hashes = sessions.map((s) => s.tokenHash);
  await announceRevocation(tx, { tokenHashes: hashes });
  return hashes;
}

/** Revokes every active session of a user, optionally keeping one (the caller's own). */
export async function revokeUserSessions(
  db: Db,
  input: { userId: string; exceptSessionId?: string; actor: AuditParty; reason: RevokeReason; meta: RequestMeta; now?: Date },
): Promise<number> {
  const now = input.now ?? new Date();
  const hashes = await db.$transaction((tx) => endSessions(tx, { ...input, keepSessionId: input.exceptSessionId, now }));
  return hashes.length;
}

/**
 * The user just added their first second factor in `keepSessionId`: every other session of
 * theirs was made with one factor and may be a stolen password's, so it ends, in the caller's
 * transaction, with one audit event and their announcement. Returns the token hashes.
 */
export function endOtherOneFactorSessions(
  tx: Tx,
  input: { userId: string; keepSessionId: string; actor: AuditParty; meta: RequestMeta; now: Date },
): Promise<string[]> {
  return endSessions(tx, { ...input, oneFactorOnly: true, reason: 'first_factor' });
}
