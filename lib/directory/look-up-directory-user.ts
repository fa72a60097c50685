/**
 * "Test a user" on the admin page: what Gatehouse would see and do for a login, without signing
 * anyone in and without a password (no bind as the user): the entry found (or why none), its
 * mapped attributes and groups, the groups imported, admin or not, allowed or not, and the
 * decision a sign-in with the right password would meet (decide-directory-account.ts). A login
 * that names a local account is reported as such: sign-in checks it locally and never asks the
 * directory.
 *
 * Exported (stable): `lookUpDirectoryUser(db, settings, login) → DirectoryUserReport`.
 */
import type { DbOrTx } from '../db';
import { type DirectoryDecision, decideDirectoryAccount, findExistingAccounts } from './decide-directory-account';
import { DirectoryError } from './directory-error';
import { type GroupVerdict, judgeDirectoryGroups } from './directory-groups';
import type { DirectorySettings } from './directory-settings';
import { findDirectoryUser } from './find-directory-user';
import type { DirectoryUser } from './map-directory-entry';

export type DirectoryUserReport =
  | { status: 'local-account'; account: { id: string; username: string } }
  | { status: 'not-found'; referrals: number }
  | { status: 'ambiguous'; dns: string[] }
  | { status: 'unusable'; dn: string }
  | { status: 'error'; message: string }
  | { status: 'found'; user: DirectoryUser; groups: GroupVerdict; decision: DirectoryDecision };

export async function lookUpDirectoryUser(db: DbOrTx, settings: DirectorySettings, login: string): Promise<DirectoryUserReport> {
  const typed = login.trim().toLowerCase();
  const local = typed
    ? await db.user.findFirst({
        where: { ...(typed.includes('@') ? { email: typed } : { username: typed }), authSource: 'local' },
        select: { id: true, username: true },
      })
    : null;
  if (local) return { status: 'local-account', account: local };
  try {
    const found = await findDirectoryUser(settings, typed);
    if (found.status === 'none') return { status: 'not-found', referrals: found.referrals };
    if (found.status !== 'found') return found;
    const existing = await findExistingAccounts(db, found.user);
    return {
      status: 'found',
      user: found.user,
      groups: judgeDirectoryGroups(settings, found.user.groups),
      decision: decideDirectoryAccount(found.user, settings, existing),
    };
  } catch (error) {
    if (error instanceof DirectoryError) return { status: 'error', message: error.adminMessage };
    throw error;
  }
}
