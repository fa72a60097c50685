/** Invitations: an admin names an email address (and groups); its owner signs up through any method and is active at once. */
import { z } from 'zod';
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db, DbOrTx } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail, type Delivery } from '../mail/transport';
import { invitationMail } from '../mail/templates/signup';
import { ZEmail, ZGroupList } from '../users/schemas';

export const InvitationInput = z.object({ email: ZEmail, groups: ZGroupList.optional().default([]) });

function readGroups(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

/** The newest invitation for this email that is neither used, revoked nor expired. */
export async function findUsableInvitation(db: DbOrTx, email: string, now = new Date()): Promise<{ id: string; groups: string[] } | null> {
  const row = await db.invitation.findFirst({
    where: { email: email.toLowerCase(), usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, groups: true },
  });
  return row ? { id: row.id, groups: readGroups(row.groups) } : null;
}

export async function createInvitation(
  db: Db,
  input: { email: string; groups: string[]; sudo: boolean; actor: AuditParty; meta: RequestMeta; env: Env; now?: Date },
): Promise<{ id: string; expiresAt: Date; delivery: { ok: true; via: Delivery['via'] } | { ok: false; error: string } }> {
  const email = input.email.toLowerCase();
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.env.signup.invitationTtlMs);
  const row = await db.$transaction(async (tx) => {
    // An invitation into admins makes its owner an admin on signup: sudo mode.
    requireSudoIf(input.groups.includes(ADMIN_GROUP), input.sudo);
    const existing = await tx.user.findUnique({ where: { email }, select: { username: true, status: true } });
    if (existing) throw new AppError('CONFLICT', `${email} already has an account (${existing.username}, ${existing.status}).`, 'email');
    // A new invitation replaces any open one for the same address.
    await tx.invitation.updateMany({ where: { email, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const created = await tx.invitation.create({ data: { email, groups: JSON.stringify(input.groups), createdById: input.actor.id, createdAt: now, expiresAt }, select: { id: true } });
    await logEvent(tx, { type: 'signup.invited', actor: input.actor, target: null, meta: input.meta, data: { email, groups: input.groups.join(','), expires: expiresAt.toISOString() } });
    return created;
  });
  const mail = invitationMail({ appName: input.env.appName, inviter: input.actor.name, signInUrl: `${input.env.url}/sign-in`, expiresAt });
  const delivery = await deliverMail({ to: email, ...mail }, input.env).then(
    (d) => ({ ok: true as const, via: d.via }),
    (error: unknown) => ({ ok: false as const, error: (error as Error).message }),
  );
  return { id: row.id, expiresAt, delivery };
}

export async function revokeInvitation(db: Db, input: { invitationId: string; actor: AuditParty; meta: RequestMeta; now?: Date }): Promise<{ email: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { id: input.invitationId }, select: { email: true, usedAt: true, revokedAt: true } });
    if (!row) throw new AppError('NOT_FOUND', 'That invitation does not exist.');
    if (row.usedAt) throw new AppError('CONFLICT', `The invitation for ${row.email} was already used.`);
    if (row.revokedAt) throw new AppError('CONFLICT', `The invitation for ${row.email} is already revoked.`);
    await tx.invitation.update({ where: { id: input.invitationId }, data: { revokedAt: input.now ?? new Date() } });
    await logEvent(tx, { type: 'signup.invitation_revoked', actor: input.actor, meta: input.meta, data: { email: row.email } });
    return { email: row.email };
  });
}

export type InvitationSummary = { id: string; email: string; groups: string[]; createdAt: Date; expiresAt: Date; state: 'open' | 'used' | 'revoked' | 'expired' };

export async function listInvitations(db: Db, now = new Date()): Promise<InvitationSummary[]> {
  const rows = await db.invitation.findMany({ orderBy: { createdAt: 'desc' }, take: 200, select: { id: true, email: true, groups: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true } });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    groups: readGroups(r.groups),
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    state: r.usedAt ? 'used' : r.revokedAt ? 'revoked' : r.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open',
  }));
}
