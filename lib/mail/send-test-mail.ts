/** Sends the admin's "test email" and records the outcome, including a failure's reason. */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { Env } from '../env';
import type { RequestMeta } from '../http/request-meta-types';
import { testMail } from './templates/test-email';
import { deliverMail, type Delivery } from './transport';

export async function sendTestMail(
  db: Db,
  input: { to: string; actor: AuditParty; meta: RequestMeta; env: Env },
): Promise<{ ok: true; delivery: Delivery } | { ok: false; error: string }> {
  const via = input.env.smtp ? `through ${input.env.smtp.host}:${input.env.smtp.port}` : 'to the outbox';
  let result: { ok: true; delivery: Delivery } | { ok: false; error: string };
  try {
    const delivery = await deliverMail({ to: input.to, ...testMail({ appName: input.env.appName, requestedBy: input.actor.name, via, sentAt: new Date() }) }, input.env);
    result = { ok: true, delivery };
  } catch (error) {
    result = { ok: false, error: (error as Error).message.slice(0, 300) };
  }
  await logEvent(db, {
    type: 'mail.test_sent',
    outcome: result.ok ? 'success' : 'failure',
    actor: input.actor,
    target: { type: 'mail', id: input.to, name: input.to },
    meta: input.meta,
    data: result.ok ? { via: result.delivery.via } : { error: result.error },
  });
  return result;
}
