/** The newest invitations (up to 200) with their state, for the admin's signups page. */
import type { Db } from '../db';
import { readInvitationGroups } from './invitation-groups';

export type InvitationSummary = {
  id: string;
  email: string;
  groups: string[];
  createdAt: Date;
  expiresAt: Date;
  state: 'open' | 'used' | 'revoked' | 'expired';
};

export async function listInvitations(db: Db, now = new Date()): Promise<InvitationSummary[]> {
  const rows = await db.invitation.findMany({
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, email: true, groups: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    groups: readInvitationGroups(r.groups),
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    state: r.usedAt ? 'used' : r.revokedAt ? 'revoked' : r.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open',
  }));
}
