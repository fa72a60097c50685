/**
 * Invitations: an admin names an email address (and groups); its owner signs up through any
 * method and is active at once. A new invitation replaces any open one for the same address.
 */
import { z } from 'zod';
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import type { MailEnv, PortalEnv, SignupEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail, type Delivery } from '../mail/transport';
import { invitationMail } from '../mail/templates/signup';
import { ZEmail, ZGroupList } from '../users/schemas';

export const InvitationInput = z.object({ email: ZEmail, groups: ZGroupList.optional().default([]) });

export async function createInvitation(
  db: Db,
  input: { email: string; groups: string[]; sudo: boolean; actor: AuditParty; meta: RequestMeta; env: PortalEnv & SignupEnv & MailEnv; now?: Date },
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
    const created = await tx.invitation.create({
      data: { email, groups: JSON.stringify(input.groups), createdById: input.actor.id, createdAt: now, expiresAt },
      select: { id: true },
    });
    await logEvent(tx, {
      type: 'signup.invited',
      actor: input.actor,
      target: null,
      meta: input.meta,
      data: { email, groups: input.groups.join(','), expires: expiresAt.toISOString() },
    });
    return created;
  });
  const mail = invitationMail({ appName: input.env.appName, inviter: input.actor.name, signInUrl: `${input.env.url}/sign-in`, expiresAt });
  const delivery = await deliverMail({ to: email, ...mail }, input.env).then(
    (d) => ({ ok: true as const, via: d.via }),
    (error: unknown) => ({ ok: false as const, error: (error as Error).message }),
  );
  return { id: row.id, expiresAt, delivery };
}
