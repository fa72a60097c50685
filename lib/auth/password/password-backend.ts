/**
 * Where a password is checked. signInWithPassword asks a backend for the account a login names
 * (before anything is checked, so regulation can count against it and refuse a banned user
 * without asking anyone), then asks that account to check the password. Two backends, composed by
 * password-backends.ts: local (User.passwordHash, argon2id) and the directory (an LDAP bind; the
 * password is never stored).
 */
import type { Db } from '../../db';
import type { SignInUpkeep } from '../start-session';

export type AccountUser = { id: string; username: string; status: string };

export type PasswordVerdict =
  /** The right password: the account to open a session for (created or updated by now, for a directory user). */
  | { ok: true; user: AccountUser; upkeep(): Promise<SignInUpkeep> }
  /** Counted against the user (when known) and the address; answered like a wrong password unless `message` says more. */
  | { ok: false; counted: true; reason: 'wrong_password' | 'unknown_user' | 'ambiguous'; message?: string }
  /** The password was right (or never looked at: the directory down, the account a login meant banned), but no session: not counted. */
  | { ok: false; counted: false; reason: string; message: string; detail?: string };

/**
 * Given to `check` by the sign-in: a backend that finds, only while checking, the Gatehouse account
 * a login means although the login did not name it (a directory entry reached by a spelling no
 * account has: an explicit userPrincipalName, a name the directory has renamed since) admits that
 * account too, so that no spelling of a name escapes its lock. Admitted: its failure is counted
 * like the named account's. Refused (banned, or its count full): answer with `message`, without
 * checking the password.
 */
export type AdmitAccount = (user: AccountUser) => Promise<{ admitted: true } | { admitted: false; message: string }>;

export type PasswordAccount = {
  /** The Gatehouse user the login names, as just read; null when none yet (a directory entry may become one). */
  user: AccountUser | null;
  /**
   * When `user` is null: the login name failures are counted against (lib/regulation loginSubject),
   * in the backend's one canonical spelling — a directory's `<NETBIOS>\user` and `user@<realm>` are
   * `user`. Absent: the login itself.
   */
  countAs?: string;
  check(password: string, admitAccount: AdmitAccount): Promise<PasswordVerdict>;
};

export type PasswordBackend = {
  /** `login` is trimmed and lower-cased: a username, or an email address when it has an @. Null: nobody to check. */
  findAccount(db: Db, login: string): Promise<PasswordAccount | null>;
  /** Takes as long as a check, and is false: an unknown login answers like a wrong password. */
  refuseUnknown(password: string): Promise<false>;
};
