/**
 * The factor-change requests an administrator may decide now (pending, not expired, link
 * unused), newest first, for the admin overview or one user's page: who asked, when, for what,
 * from which address and browser (described as on the sessions list).
 */
import type { Db } from '../db';
import { describeUserAgent } from '../http/user-agent';
import { isFactorChangeAction } from './judge-factor-change-link';
import type { FactorChangeAction } from '../mail/templates/second-factor';

export type PendingFactorChangeRequest = {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  action: FactorChangeAction;
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
  browser: string;
};

export const FACTOR_CHANGE_ACTION_TEXT: Record<FactorChangeAction, string> = {
  add_totp: 'add an authenticator app',
  add_webauthn: 'add a security key or passkey',
  remove_factor: 'remove a second factor',
  recovery_codes: 'get new recovery codes',
};

export async function listFactorChangeRequests(db: Db, input: { userId?: string; now?: Date } = {}): Promise<PendingFactorChangeRequest[]> {
  const rows = await db.factorChangeRequest.findMany({
    where: { status: 'pending', expiresAt: { gt: input.now ?? new Date() }, link: { usedAt: null }, ...(input.userId ? { userId: input.userId } : {}) },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: {
      id: true,
      userId: true,
      action: true,
      createdAt: true,
      expiresAt: true,
      ip: true,
      userAgent: true,
      user: { select: { username: true, displayName: true } },
    },
  });
  return rows.flatMap((row) =>
    isFactorChangeAction(row.action)
      ? [
          {
            id: row.id,
            userId: row.userId,
            username: row.user.username,
            displayName: row.user.displayName,
            action: row.action,
            createdAt: row.createdAt,
            expiresAt: row.expiresAt,
            ip: row.ip,
            browser: describeUserAgent(row.userAgent),
          },
        ]
      : [],
  );
}
