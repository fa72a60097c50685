/**
 * The password backend sign-in uses: local accounts and, when a directory is configured, the
 * directory. The rule between them (documented in the README):
 * - a login that names a LOCAL account (its username, or its email) is checked against that
 *   account's own password only; the directory is never asked, so a local account is never taken
 *   over and a local user's password never leaves Gatehouse;
 * - a login that names a directory account (also as `<NETBIOS>\user` or `user@<UPN domain>`: counted
 *   against that account), or no account at all, is checked by the directory;
 * - a directory account while no directory is configured cannot sign in with a password.
 */
import type { RequestMeta } from '../../http/request-meta-types';
import type { Db } from '../../db';
import { directoryLoginOf } from '../../directory/directory-login';
import type { DirectorySettings } from '../../directory/directory-settings';
import { directoryAccount } from './directory-password-backend';
import { localAccount, localPasswordBackend } from './local-password-backend';
import type { PasswordBackend } from './password-backend';

export const DIRECTORY_OFF = 'This account signs in through the directory, which is not connected to this portal right now. Ask an administrator.';

const SELECT = { id: true, username: true, status: true, passwordHash: true, authSource: true } as const;

/**
 * The directory account `<NETBIOS>\user` or `user@<UPN domain>` names by its username, so that
 * wrong passwords through those spellings count against it (regulation) like its plain username.
 * Never a local account: such a login goes to the directory, which refuses it (the rule above).
 */
async function directoryAlias(db: Db, directory: DirectorySettings, login: string) {
  const named = directoryLoginOf(directory, login);
  if (named?.by !== 'username' || named.value === login) return null;
  const row = await db.user.findUnique({ where: { username: named.value }, select: SELECT });
  return row?.authSource === 'directory' ? row : null;
}

export function passwordBackendFor(directory: DirectorySettings | null, meta: RequestMeta): PasswordBackend {
  return {
    async findAccount(db, login) {
      const row =
        (await db.user.findUnique({ where: login.includes('@') ? { email: login } : { username: login }, select: SELECT })) ??
        (directory ? await directoryAlias(db, directory, login) : null);
      const user = row ? { id: row.id, username: row.username, status: row.status } : null;
      if (row && row.authSource !== 'directory') return localAccount(user!, row.passwordHash);
      if (!directory) {
        if (!user) return null;
        return { user, check: async () => ({ ok: false, counted: false, reason: 'directory_off', message: DIRECTORY_OFF }) };
      }
      return directoryAccount(db, directory, login, user, meta);
    },
    refuseUnknown: localPasswordBackend.refuseUnknown,
  };
}
