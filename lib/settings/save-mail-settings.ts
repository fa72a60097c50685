/** Saves how mail leaves (an SMTP server, or the outbox by choice) and the sender address. */
import type { AuditParty } from '../audit/log-event';
import { getEnv } from '../config';
import type { Db } from '../db';
import { AppError, isAppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { MAIL_MODE_KEY } from './keys';
import { fieldFor, type MailSettings, mailChanges } from './mail-changes';
import { saveStoredVariables } from './save-stored-variables';

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
