/**
 * The factor-change link: the email-link gate in front of every change to a user's second
 * factors (add, remove, new recovery codes). The link is single use, short-lived
 * (GATEHOUSE_DEVICE_LINK_TTL, 5 minutes), stored as a hash, and bound to the user AND to the
 * browser that asked (its browser id). Opening it only shows a page (inspect-factor-change-link);
 * the change happens on a button press (confirm-factor-change-link), as mail scanners fetch links.
 *
 * When the mail stays in the outbox (no SMTP server, decided by how this very mail was delivered,
 * so a mail setting changed at run time counts), the link ALSO becomes a request another admin
 * approves in the browser (request-factor-change-approval): the outbox copy stays as the way of
 * the operator who reads the folder on the server (the only admin, who cannot approve their own
 * request), and both unlock the same single-use link.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import type { MailEnv, PortalEnv, SecondFactorEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { issueOneTimeToken } from '../links/one-time-token';
import { deliverAndAudit, type DeliveryResult } from '../mail/deliver-and-audit';
import { factorChangeLinkMail, type FactorChangeAction } from '../mail/templates/second-factor';
import { requestFactorChangeApproval } from './request-factor-change-approval';

type LinkUser = { id: string; username: string; email: string; displayName: string };

export async function requestFactorChangeLink(
  db: Db,
  input: {
    user: LinkUser;
    action: FactorChangeAction;
    factorId?: string;
    returnTo?: string;
    browserId: string;
    meta: RequestMeta;
    env: PortalEnv & SecondFactorEnv & MailEnv;
    now?: Date;
  },
): Promise<DeliveryResult & { approval?: { id: string; expiresAt: Date } | null }> {
  const now = input.now ?? new Date();
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  let factorName: string | undefined;
  if (input.action === 'remove_factor') {
    const factor = input.factorId ? await db.secondFactor.findFirst({ where: { id: input.factorId, userId: input.user.id }, select: { name: true } }) : null;
    if (!factor) {
      await logEvent(db, {
        type: 'mfa.device_link_sent',
        outcome: 'failure',
        actor,
        meta: input.meta,
        data: { action: input.action, reason: 'not_your_factor' },
      });
      throw new AppError('NOT_FOUND', 'That second factor does not exist or is not yours.');
    }
    factorName = factor.name;
  }
  const link = await db.$transaction(async (tx) => {
    // A new link retires older unused ones for the same change.
    await tx.oneTimeToken.updateMany({
      where: { userId: input.user.id, purpose: 'device_link', action: input.action, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    return issueOneTimeToken(tx, {
      purpose: 'device_link',
      userId: input.user.id,
      ttlMs: input.env.secondFactor.deviceLinkTtlMs,
      now,
      deviceHash: sha256Hex(input.browserId),
      action: input.action,
      data: JSON.stringify({ factorId: input.factorId, returnTo: input.returnTo }),
    });
  });
  const delivery = await deliverAndAudit(db, {
    env: input.env,
    mail: {
      to: input.user.email,
      ...factorChangeLinkMail({
        appName: input.env.appName,
        displayName: input.user.displayName,
        action: input.action,
        url: `${input.env.url}/device/${link.token}`,
        ttlMs: input.env.secondFactor.deviceLinkTtlMs,
        factorName,
      }),
    },
    audit: { type: 'mfa.device_link_sent', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { action: input.action } },
  });
  if (!delivery.ok || delivery.via !== 'outbox') return delivery;
  const approval = await requestFactorChangeApproval(db, {
    user: input.user,
    link,
    browserHash: sha256Hex(input.browserId),
    action: input.action,
    meta: input.meta,
    now,
  });
  return { ...delivery, approval };
}
