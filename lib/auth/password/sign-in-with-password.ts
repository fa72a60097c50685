/**
 * Sign-in with username or email and password, checked by a password backend
 * (password-backend.ts; the local one is local-password-backend.ts). A wrong login and a wrong
 * password give the same message and take about the same time (the backend checks either way).
 *
 * Regulation (lib/regulation/credentials.ts): the attempt is admitted (and counted) before the
 * password is looked at; when the user or the client address is banned, or already has the most
 * failures and attempts in flight the window allows, it is refused unchecked, with a message that
 * says nothing about the password. A wrong password counts against the user and the address; an
 * unknown login against that login (loginSubject: banned exactly when an account would be, so a
 * ban does not tell whether the account exists) and the address; a right one counts for nothing.
 *
 * A directory (password-backends.ts) is asked only after the admission: a banned user or address
 * never reaches it, so guessing through Gatehouse cannot lock the user's directory account. An
 * account the login did not name but the directory entry it found belongs to is admitted and
 * counted as well, before the bind (AdmitAccount: e.g. an explicit userPrincipalName). A
 * directory that cannot answer, or a right password for an account a rule refuses, is answered
 * with its own message and not counted.
 */
import { logEvent } from '../../audit/log-event';
import type { Db, DbOrTx } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { admitCredentialCheck, banMessage, type CredentialAttempt, DEFAULT_REGULATION, refusalMessage } from '../../regulation/credentials';
import type { RegulationPolicy } from '../../config';
import type { NewSession } from '../../sessions/create-session';
import { startSession } from '../start-session';
import type { DirectorySettings } from '../../directory/directory-settings';
import type { AccountUser, AdmitAccount, PasswordBackend, PasswordVerdict } from './password-backend';
import { passwordBackendFor } from './password-backends';

export const WRONG_CREDENTIALS = 'The username or password is incorrect.';

/** The sign-in form takes at most 254 characters (ZLogin); a longer login from elsewhere is counted by its first 320 (lib/regulation/credentials.ts loginSubject). */
const LOGIN_SUBJECT_MAX = 320;
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

async function refuseUnknown(backend: PasswordBackend, password: string): Promise<PasswordVerdict> {
  await backend.refuseUnknown(password);
  return { ok: false, counted: true, reason: 'unknown_user' };
}

export type PasswordSignIn = ({ ok: true; userId: string } & NewSession) | { ok: false; message: string };

export async function signInWithPassword(
  db: Db,
  input: {
    login: string;
    password: string;
    meta: RequestMeta;
    sessionMaxAgeMs: number;
    regulation?: RegulationPolicy;
    /** The directory in force (env.directory); null or absent: local accounts only. */
    directory?: DirectorySettings | null;
    backend?: PasswordBackend;
    now?: Date;
  },
): Promise<PasswordSignIn> {
  const now = input.now ?? new Date();
  const backend = input.backend ?? passwordBackendFor(input.directory ?? null, input.meta);
  const typed = input.login.trim().toLowerCase();
  // No account has a control character in its name (NUL cannot even be stored in PostgreSQL):
  // such a login names nobody, and is recorded with the characters replaced.
  const named = !CONTROL.test(typed);
  const login = named ? typed : typed.replace(CONTROL_ALL, '?');
  const account = named ? await backend.findAccount(db, login) : null;
  const user = account?.user;
  const policy = input.regulation ?? DEFAULT_REGULATION;
  // The account the login turned out to mean while being checked, when it did not name it (AdmitAccount).
  const meant: { user?: AccountUser; attempt?: CredentialAttempt } = {};
  const failure = (dbOrTx: DbOrTx, reason: string, detail?: string) => {
    const named = user ?? meant.user;
    return logEvent(dbOrTx, {
      type: 'auth.sign_in',
      outcome: 'failure',
      target: named ? { type: 'user', id: named.id, name: named.username } : null,
      meta: input.meta,
      data: { method: 'password', reason, login: login.slice(0, 100), ...(detail ? { detail } : {}) },
    });
  };

  // Admitted and counted before the password is verified: refused unchecked, the answer is the same either way.
  const admission = await admitCredentialCheck(db, {
    userId: user?.id,
    // A login naming no account is counted as itself, so its ban comes exactly when an account's would.
    login: user ? null : (account?.countAs ?? login).slice(0, LOGIN_SUBJECT_MAX),
    userName: user?.username,
    ip: input.meta.ip,
    policy,
    meta: input.meta,
    now,
  });
  if (!admission.admitted) {
    await failure(db, 'banned');
    return { ok: false, message: refusalMessage(admission, input.now ?? new Date()) };
  }
  const admitAccount: AdmitAccount = async (found) => {
    if (found.id === user?.id || meant.user) return { admitted: true };
    meant.user = found;
    const gate = await admitCredentialCheck(db, { userId: found.id, userName: found.username, policy, meta: input.meta, now: input.now });
    if (!gate.admitted) return { admitted: false, message: refusalMessage(gate, input.now ?? new Date()) };
    meant.attempt = gate.attempt;
    return { admitted: true };
  };

  const verdict: PasswordVerdict = account ? await account.check(input.password, admitAccount) : await refuseUnknown(backend, input.password);
  // Checking a password takes a noticeable moment: what follows happens after it.
  const checkedAt = input.now ?? new Date();

  if (!verdict.ok && verdict.counted) {
    const counted = await admission.attempt.failed({
      now: checkedAt,
      record: (tx) => failure(tx, verdict.reason),
    });
    const alsoCounted = await meant.attempt?.failed({ now: checkedAt });
    const lockedUntil = latest(counted.lockedUntil, alsoCounted?.lockedUntil ?? null);
    return { ok: false, message: lockedUntil ? banMessage(lockedUntil, input.now ?? new Date()) : (verdict.message ?? WRONG_CREDENTIALS) };
  }
  await admission.attempt.passed();
  await meant.attempt?.passed();
  if (!verdict.ok) {
    // Not a wrong password: the directory could not answer, or the account is refused by a rule.
    await failure(db, verdict.reason, verdict.detail);
    return { ok: false, message: verdict.message };
  }

  // The password was right, so saying why the account cannot sign in reveals nothing new.
  const signedIn = verdict.user;
  const started = await startSession(db, {
    party: { id: signedIn.id, name: signedIn.username },
    account: signedIn,
    method: 'password',
    level: 'one_factor',
    proof: 'password',
    upkeep: verdict.upkeep,
    meta: input.meta,
    maxAgeMs: input.sessionMaxAgeMs,
    now: checkedAt,
  });
  if (!started.ok) return { ok: false, message: started.refusal.message };
  return { ok: true, userId: signedIn.id, ...started.session };
}
