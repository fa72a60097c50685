/** Mails a set-password link and records whether it went out. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { passwordLinkMail } from '../mail/templates/password-link';
import { deliverMail } from '../mail/transport';

export type PasswordLinkDelivery = { ok: true; via: 'smtp' | 'outbox' } | { ok: false; error: string };

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
  let result: PasswordLinkDelivery;
  try {
    const delivery = await deliverMail({ to: input.email, ...mail });
    result = { ok: true, via: delivery.via };
  } catch (error) {
    result = { ok: false, error: (error as Error).message.slice(0, 200) };
  }
  await logEvent(db, {
    type: 'user.password_link_sent',
    outcome: result.ok ? 'success' : 'failure',
    actor: input.actor,
    target: { type: 'user', id: input.userId, name: input.username },
    meta: input.meta,
    data: result.ok ? { via: result.via } : { error: result.error },
  });
  return result;
}
