/**
 * The local password backend: the argon2id hash in User.passwordHash (password-hash.ts). A user
 * without a password is checked against a dummy hash, as an unknown login is, so neither is
 * quicker than a wrong password. A hash made with older parameters is replaced at sign-in.
 */
import type { AccountUser, PasswordAccount, PasswordBackend } from './password-backend';
import { hashPassword, needsRehash, verifyPassword } from './password-hash';

/** The local account of `user`, whose hash is `passwordHash` (null: no password set). */
export function localAccount(user: AccountUser, passwordHash: string | null): PasswordAccount {
  return {
    user,
    async check(password) {
      if (!(await verifyPassword(passwordHash, password))) return { ok: false, counted: true, reason: 'wrong_password' };
      return {
        ok: true,
        user,
        async upkeep() {
          const rehash = needsRehash(passwordHash!) ? await hashPassword(password) : null;
          return { userData: rehash ? { passwordHash: rehash } : {}, audit: { rehashed: Boolean(rehash) } };
        },
      };
    },
  };
}

export const localPasswordBackend: PasswordBackend = {
  async findAccount(db, login) {
    const user = await db.user.findUnique({
      where: login.includes('@') ? { email: login } : { username: login },
      select: { id: true, username: true, status: true, passwordHash: true },
    });
    if (!user) return null;
    const { passwordHash, ...account } = user;
    return localAccount(account, passwordHash);
  },
  async refuseUnknown(password) {
    await verifyPassword(null, password);
    return false;
  },
};
