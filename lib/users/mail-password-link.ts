/** Mails a set-password link and records whether it went out. */
import type { AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverAndAudit, type DeliveryResult } from '../mail/deliver-and-audit';
import { passwordLinkMail } from '../mail/templates/password-link';

export type PasswordLinkDelivery = DeliveryResult;

export async function mailPasswordLink(
  db: Db,
  input: {
    userId: string;
    username: string;
    email: string;
    displayName: string;
    token: string;
    isNewAccount: boolean;
    actor: AuditParty;
    meta: RequestMeta;
    baseUrl: string;
    appName: string;
    passwordLinkTtlMs: number;
  },
): Promise<PasswordLinkDelivery> {
  const mail = passwordLinkMail({
    appName: input.appName,
    displayName: input.displayName,
    username: input.username,
    url: `${input.baseUrl}/password/${input.token}`,
    ttlMs: input.passwordLinkTtlMs,
    isNewAccount: input.isNewAccount,
  });
  return deliverAndAudit(db, {
    mail: { to: input.email, ...mail },
    audit: { type: 'user.password_link_sent', actor: input.actor, target: { type: 'user', id: input.userId, name: input.username }, meta: input.meta },
  });
}
