/** A test message through the mail server the settings form describes, before it is saved: the server's answer or its error. */
import type { AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { sendTestMail } from '../mail/send-test-mail';
import { fieldFor, type MailSettings, mailChanges } from './mail-changes';
import { previewChanges } from './save-stored-variables';

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
