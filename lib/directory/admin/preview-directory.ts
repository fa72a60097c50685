/**
 * The directory the form's values would configure, without saving anything: the form becomes
 * changes to the stored variables, merged with what is stored and validated exactly as a save
 * would be (lib/settings previewChanges). "Test connection" and "Test a user" use it, so an admin
 * tries settings before saving them; a bind password left as "keep" is the stored one.
 */
import type { DirectoryConfig } from '../../config';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { previewChanges } from '../../settings/save-stored-variables';
import { directoryChanges, directoryFieldFor, type DirectorySettingsForm } from './directory-form';
import { fixedDirectoryVariables } from './fixed-variables';

export async function previewDirectory(db: Db, settings: DirectorySettingsForm): Promise<DirectoryConfig> {
  const preview = await previewChanges(db, directoryChanges(settings, fixedDirectoryVariables()));
  if (!preview.ok) throw new AppError('INVALID', preview.message, directoryFieldFor(preview.field));
  if (!preview.env.directory) throw new AppError('INVALID', 'Enter the directory server’s address (an ldap:// or ldaps:// URL) first.', 'urls');
  return preview.env.directory;
}
