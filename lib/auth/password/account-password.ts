/**
 * Checking the password of an account that is already signed in (sudo mode's re-proof): the local
 * argon2id hash, or, for a directory account, a bind as its entry (found again by its stable id,
 * so a moved entry still works) with the typed password. An empty password is refused before any
 * bind. Regulation is the caller's (assurance-reprove.ts admits the check first).
 */
import type { Db } from '../../db';
import { checkDirectoryPassword } from '../../directory/directory-pool';
import { DirectoryError } from '../../directory/directory-error';
import type { DirectorySettings } from '../../directory/directory-settings';
import { readDirectoryEntry } from '../../directory/read-directory-entry';
import { AppError } from '../../errors';
import { verifyPassword } from './password-hash';

/** How the account's password is checked, or null when it has none (a provider or email-link account, a directory account without a directory). */
export async function accountPasswordCheck(
  db: Db,
  userId: string,
  directory: DirectorySettings | null,
): Promise<((password: string) => Promise<boolean>) | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, authSource: true, directoryUid: true } });
  if (!row) return null;
  if (row.authSource !== 'directory') return row.passwordHash ? (password) => verifyPassword(row.passwordHash, password) : null;
  const uid = row.directoryUid;
  if (!directory || !uid) return null;
  return async (password) => {
    if (password === '') return false;
    try {
      const entry = await readDirectoryEntry(directory, { uid });
      return entry !== null && !entry.disabled && (await checkDirectoryPassword(directory, entry.dn, password));
    } catch (error) {
      if (error instanceof DirectoryError) throw new AppError('UNAVAILABLE', error.userMessage);
      throw error;
    }
  };
}
