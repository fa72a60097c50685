/** Sends the admin's "test email" and records the outcome, including a failure's reason. */
import type { AuditParty } from '../audit/log-event';
import type { MailEnv, PortalEnv } from '../config';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverAndAudit, type DeliveryResult } from './deliver-and-audit';
import { testMail } from './templates/test-email';

export async function sendTestMail(
  db: Db,
  input: { to: string; actor: AuditParty; meta: RequestMeta; env: MailEnv & Pick<PortalEnv, 'appName'> },
): Promise<DeliveryResult> {
  const via = input.env.smtp ? `through ${input.env.smtp.host}:${input.env.smtp.port}` : 'to the outbox';
  return deliverAndAudit(db, {
    env: input.env,
    serverAnswer: true,
    mail: { to: input.to, ...testMail({ appName: input.env.appName, requestedBy: input.actor.name, via, sentAt: new Date() }) },
    audit: { type: 'mail.test_sent', actor: input.actor, target: { type: 'mail', id: input.to, name: input.to }, meta: input.meta },
  });
}
