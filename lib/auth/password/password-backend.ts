/**
 * Where a password is checked. signInWithPassword asks a backend for the account a login names
 * (before anything is checked, so regulation can count against it), then asks that account to
 * verify the password. The local backend (User.passwordHash, argon2id) is the one today; a
 * directory (LDAP) plugs in as another.
 */
import type { Db } from '../../db';
import type { SignInUpkeep } from '../start-session';

export type PasswordAccount = {
  /** The Gatehouse user the login names, as just read (status for the account gate). */
  user: { id: string; username: string; status: string };
  /** True only for the right password. */
  verify(password: string): Promise<boolean>;
  /** After a successful sign-in: what to store with the session (e.g. a re-hash) and add to its audit event. */
  upkeep(password: string): Promise<SignInUpkeep>;
};

export type PasswordBackend = {
  /** `login` is trimmed and lower-cased: a username, or an email address when it has an @. */
  findAccount(db: Db, login: string): Promise<PasswordAccount | null>;
  /** Takes as long as a check, and is false: an unknown login answers like a wrong password. */
  refuseUnknown(password: string): Promise<false>;
};
