/**
 * Saves the directory settings from the admin page: the form's values become changes to the
 * stored GATEHOUSE_LDAP_* variables (directory-form.ts), validated and written with their audit
 * event in one transaction and applied at once (lib/settings/save-stored-variables.ts). A problem
 * is reported beside the field it is about.
 */
import type { AuditParty } from '../../audit/log-event';
import { getEnv } from '../../config';
import type { Db } from '../../db';
import { AppError, isAppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';
import { saveStoredVariables } from '../../settings/save-stored-variables';
import { directoryChanges, directoryFieldFor, type DirectorySettingsForm } from './directory-form';
import { fixedDirectoryVariables } from './fixed-variables';

export async function saveDirectorySettings(
  db: Db,
  input: { settings: DirectorySettingsForm; actor: AuditParty; meta?: RequestMeta },
): Promise<{ on: boolean; changed: number }> {
  try {
    const { changed } = await saveStoredVariables(db, {
      changes: directoryChanges(input.settings, fixedDirectoryVariables()),
      audit: { type: 'settings.directory_changed', actor: input.actor, meta: input.meta },
    });
    return { on: getEnv().directory !== null, changed: changed.length };
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID') throw new AppError('INVALID', error.userMessage, directoryFieldFor(error.field));
    throw error;
  }
}
