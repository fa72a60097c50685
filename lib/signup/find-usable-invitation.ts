import type { DbOrTx } from '../db';
import { readInvitationGroups } from './invitation-groups';

/** The newest invitation for this email that is neither used, revoked nor expired. */
export async function findUsableInvitation(db: DbOrTx, email: string, now = new Date()): Promise<{ id: string; groups: string[] } | null> {
  const row = await db.invitation.findFirst({
    where: { email: email.toLowerCase(), usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, groups: true },
  });
  return row ? { id: row.id, groups: readInvitationGroups(row.groups) } : null;
}
