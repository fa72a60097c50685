/**
 * Directory accounts (User.authSource "directory") have no Gatehouse password: the directory
 * checks it at every sign-in and it is changed there. Every place that sets a password or
 * issues a set-password link asks here first, so none of them can give a directory account a
 * local password that would outlive its directory entry.
 */
import type { DbOrTx } from '../db';
import { AppError } from '../errors';

/** What User.authSource holds for an account whose password the directory checks. */
export const DIRECTORY_SOURCE = 'directory';

export const isDirectoryAccount = (user: { authSource: string }): boolean => user.authSource === DIRECTORY_SOURCE;

/** What a directory user sees where a local user would set a password. */
export const MANAGED_BY_DIRECTORY =
  'Your password is managed by your directory (LDAP / Active Directory): change it where your organisation changes passwords. Gatehouse never stores it.';

/** The refusal of a set-password link for a directory account (admin page, console, link page). */
export function refuseDirectoryPasswordLink(user: { username: string; authSource: string }): void {
  if (isDirectoryAccount(user)) {
    throw new AppError('CONFLICT', `${user.username} signs in with the directory: their password is managed there, so Gatehouse sends them no password link.`);
  }
}

/** Whether the user's password is the directory's (the Security page shows the note instead of a password form). */
export async function passwordManagedByDirectory(db: DbOrTx, userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { authSource: true } });
  return user !== null && isDirectoryAccount(user);
}
