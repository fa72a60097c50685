/**
 * What a directory user's (right) password leads to — the one rule, used by sign-in and by the
 * admin page's "test a user":
 * - the account with the entry's stable id is that user's account (its username and email follow
 *   the directory; a pending one becomes active once the user is in an allowed group);
 * - an existing LOCAL account with the entry's username or email is never taken over: refused,
 *   saying so (a login that names a local account is checked against that account only, so this
 *   is reached through another spelling of the login, e.g. `user@domain`);
 * - another directory account with that username or email (a replaced entry): refused, for an admin;
 * - a new account needs a username Gatehouse accepts and an email address, and is created active
 *   when the user is in an allowed group (or none are configured), else refused or created pending
 *   (GATEHOUSE_LDAP_OTHERS);
 * - an entry the directory disabled never signs in.
 *
 * Exported (stable): `findExistingAccounts(db, directoryUser)`, `decideDirectoryAccount(directoryUser, settings, existing) → DirectoryDecision`.
 */
import type { DbOrTx } from '../db';
import { ZEmail, ZUsername } from '../users/schemas';
import { judgeDirectoryGroups } from './directory-groups';
import type { DirectorySettings } from './directory-settings';
import type { DirectoryUser } from './map-directory-entry';

export type ExistingAccount = { id: string; username: string; email: string; status: string; authSource: string; directoryUid: string | null };
export type ExistingAccounts = { byUid: ExistingAccount | null; byUsername: ExistingAccount | null; byEmail: ExistingAccount | null };

export type DirectoryRefusal = 'disabled' | 'not-allowed' | 'local-account' | 'directory-conflict' | 'invalid-username' | 'no-email';

export type DirectoryDecision =
  | { outcome: 'update'; account: ExistingAccount; username: string; status: string }
  | { outcome: 'create'; username: string; email: string; status: 'active' | 'pending' }
  | { outcome: 'refuse'; reason: DirectoryRefusal; message: string; account?: ExistingAccount };

const SELECT = { id: true, username: true, email: true, status: true, authSource: true, directoryUid: true } as const;

export async function findExistingAccounts(db: DbOrTx, user: DirectoryUser): Promise<ExistingAccounts> {
  const [byUid, byUsername, byEmail] = await Promise.all([
    db.user.findUnique({ where: { directoryUid: user.uid }, select: SELECT }),
    db.user.findUnique({ where: { username: user.username }, select: SELECT }),
    user.email ? db.user.findUnique({ where: { email: user.email }, select: SELECT }) : null,
  ]);
  return { byUid, byUsername, byEmail };
}

const refuse = (reason: DirectoryRefusal, message: string, account?: ExistingAccount): DirectoryDecision => ({ outcome: 'refuse', reason, message, account });

export function decideDirectoryAccount(user: DirectoryUser, settings: DirectorySettings, existing: ExistingAccounts): DirectoryDecision {
  if (user.disabled) return refuse('disabled', 'Your directory account is disabled. Ask your directory administrator.');
  const { allowed } = judgeDirectoryGroups(settings, user.groups);
  // The three reads are not one snapshot: an account another sign-in just created may show up under
  // its username or email and not (yet) under its id. Same stable id: the same account.
  const own = existing.byUid ?? [existing.byUsername, existing.byEmail].find((a) => a?.directoryUid === user.uid) ?? null;
  for (const other of [existing.byUsername, existing.byEmail]) {
    if (!other || other.id === own?.id) continue;
    if (other.authSource !== 'directory') {
      return refuse(
        'local-account',
        `The ${other.username === user.username ? 'username' : 'email address'} of your directory account belongs to an account of this portal that is not managed by the directory, so it cannot sign in through the directory. Ask an administrator.`,
        other,
      );
    }
    return refuse(
      'directory-conflict',
      'Another directory account already uses this username or email address here (was the directory entry replaced?). Ask an administrator.',
      other,
    );
  }
  if (!allowed && (settings.others === 'refuse' || own)) {
    return refuse('not-allowed', 'Your directory account is not in a group allowed to use this portal. Ask an administrator.', own ?? undefined);
  }
  const username = ZUsername.safeParse(user.username);
  if (own) {
    // The username follows the directory when Gatehouse accepts the new one; else the old one stays.
    return {
      outcome: 'update',
      account: own,
      username: username.success ? username.data : own.username,
      status: own.status === 'pending' && allowed ? 'active' : own.status,
    };
  }
  if (!username.success) {
    return refuse(
      'invalid-username',
      `Your directory username cannot be used here: ${username.error.issues[0]?.message ?? 'it is not valid.'} Ask an administrator.`,
    );
  }
  const email = user.email ? ZEmail.safeParse(user.email) : null;
  if (!email?.success) return refuse('no-email', 'Your directory account has no usable email address, which this portal needs. Ask an administrator.');
  return { outcome: 'create', username: username.data, email: email.data, status: allowed ? 'active' : 'pending' };
}
