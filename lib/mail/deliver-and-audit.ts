/**
 * Sends one message and records the attempt in the audit log, success or failure. A failure is
 * returned as a value (with a short reason for the admin), never thrown: the change that asked
 * for the mail has already been committed and stays.
 */
import { logEvent, type AuditInput } from '../audit/log-event';
import type { MailEnv } from '../config';
import type { Db } from '../db';
import { deliverMail, type OutgoingMail } from './transport';

export type DeliveryResult = { ok: true; via: 'smtp' | 'outbox'; response?: string } | { ok: false; error: string };

export async function deliverAndAudit(
  db: Db,
  /** `serverAnswer`: also return the SMTP server's final answer (the settings page's test message shows it). */
  input: { mail: OutgoingMail; audit: Omit<AuditInput, 'outcome'>; env?: MailEnv; serverAnswer?: boolean },
): Promise<DeliveryResult> {
  let result: DeliveryResult;
  try {
    const delivery = await deliverMail(input.mail, input.env);
    result = { ok: true, via: delivery.via, ...(input.serverAnswer && delivery.response ? { response: delivery.response } : {}) };
  } catch (error) {
    result = { ok: false, error: (error as Error).message.slice(0, 300) };
  }
  await logEvent(db, {
    ...input.audit,
    outcome: result.ok ? 'success' : 'failure',
    data: { ...input.audit.data, ...(result.ok ? { via: result.via } : { error: result.error }) },
  });
  return result;
}
