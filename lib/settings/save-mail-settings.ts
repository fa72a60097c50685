/**
 * Saves how mail leaves (an SMTP server, or the outbox by choice) and the sender address, and
 * sends a test message with the values in the form before they are saved.
 */
import type { AuditParty } from '../audit/log-event';
import { getEnv, type StorableVariable } from '../config';
import type { Db } from '../db';
import { AppError, isAppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { sendTestMail } from '../mail/send-test-mail';
import { MAIL_MODE_KEY } from './keys';
import { MAIL_FIELD_OF, type MailSettings, mailChanges } from './mail-changes';
import { previewChanges, saveStoredVariables } from './save-stored-variables';

const fieldFor = (variable: string | undefined) => (variable ? (MAIL_FIELD_OF[variable as StorableVariable] ?? 'form') : 'form');

export async function saveMailSettings(db: Db, input: { settings: MailSettings; actor: AuditParty; meta?: RequestMeta }): Promise<{ smtp: boolean }> {
  try {
    await saveStoredVariables(db, {
      changes: mailChanges(input.settings),
      markers: { [MAIL_MODE_KEY]: input.settings.mode },
      audit: { type: 'settings.mail_changed', actor: input.actor, meta: input.meta },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID') throw new AppError('INVALID', error.userMessage, fieldFor(error.field));
    throw error;
  }
  return { smtp: getEnv().smtp !== null };
}

export type TestMailOutcome = { ok: true; via: 'smtp' | 'outbox'; response?: string; server?: string } | { ok: false; message: string; field?: string };

/** A test message through the server the form describes (not yet saved), with the server's answer or its error. */
export async function sendSettingsTestMail(
  db: Db,
  input: { settings: MailSettings; to: string; actor: AuditParty; meta: RequestMeta },
): Promise<TestMailOutcome> {
  const preview = await previewChanges(db, mailChanges(input.settings));
  if (!preview.ok) return { ok: false, message: preview.message, field: fieldFor(preview.field) };
  const env = preview.env;
  const sent = await sendTestMail(db, { to: input.to, actor: input.actor, meta: input.meta, env });
  if (!sent.ok) return { ok: false, message: `${env.smtp ? `${env.smtp.host}:${env.smtp.port}` : 'The outbox'} refused the message: ${sent.error}` };
  return { ok: true, via: sent.via, response: sent.response, server: env.smtp ? `${env.smtp.host}:${env.smtp.port}` : undefined };
}
