/**
 * Sign-in with username or email and password, checked by a password backend
 * (password-backend.ts; the local one is local-password-backend.ts). A wrong login and a wrong
 * password give the same message and take about the same time (the backend checks either way).
 *
 * Regulation (lib/regulation/credentials.ts): the attempt is admitted (and counted) before the
 * password is looked at; when the user or the client address is banned, or already has the most
 * failures and attempts in flight the window allows, it is refused unchecked, with a message that
 * says nothing about the password. A wrong password counts against the user and the address; an
 * unknown login against the address only; a right one counts for nothing.
 */
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { admitCredentialCheck, banMessage, DEFAULT_REGULATION, refusalMessage } from '../../regulation/credentials';
import type { RegulationPolicy } from '../../config';
import type { NewSession } from '../../sessions/create-session';
import { startSession } from '../start-session';
import { localPasswordBackend } from './local-password-backend';
import type { PasswordBackend } from './password-backend';

export const WRONG_CREDENTIALS = 'The username or password is incorrect.';

export type PasswordSignIn = ({ ok: true; userId: string } & NewSession) | { ok: false; message: string };

export async function signInWithPassword(
  db: Db,
  input: { login: string; password: string; meta: RequestMeta; sessionMaxAgeMs: number; regulation?: RegulationPolicy; backend?: PasswordBackend; now?: Date },
): Promise<PasswordSignIn> {
  const now = input.now ?? new Date();
  const backend = input.backend ?? localPasswordBackend;
  const login = input.login.trim().toLowerCase();
  const account = await backend.findAccount(db, login);
  const user = account?.user;
  const target = user ? ({ type: 'user', id: user.id, name: user.username } as const) : null;

  // Admitted and counted before the password is verified: refused unchecked, the answer is the same either way.
  const admission = await admitCredentialCheck(db, {
    userId: user?.id,
    userName: user?.username,
    ip: input.meta.ip,
    policy: input.regulation ?? DEFAULT_REGULATION,
    meta: input.meta,
    now,
  });
  if (!admission.admitted) {
    await logEvent(db, {
      type: 'auth.sign_in',
      outcome: 'failure',
      target,
      meta: input.meta,
      data: { method: 'password', reason: 'banned', login: login.slice(0, 100) },
    });
    return { ok: false, message: refusalMessage(admission, input.now ?? new Date()) };
  }

  const passwordOk = account ? await account.verify(input.password) : await backend.refuseUnknown(input.password);
  // Checking a password takes a noticeable moment: what follows happens after it.
  const checkedAt = input.now ?? new Date();

  if (!account || !passwordOk) {
    const { lockedUntil } = await admission.attempt.failed({
      now: checkedAt,
      record: (tx) =>
        logEvent(tx, {
          type: 'auth.sign_in',
          outcome: 'failure',
          target,
          meta: input.meta,
          data: { method: 'password', reason: account ? 'wrong_password' : 'unknown_user', login: login.slice(0, 100) },
        }),
    });
    return { ok: false, message: lockedUntil ? banMessage(lockedUntil, input.now ?? new Date()) : WRONG_CREDENTIALS };
  }
  await admission.attempt.passed();

  // The password was right, so saying why the account cannot sign in reveals nothing new.
  const started = await startSession(db, {
    party: { id: account.user.id, name: account.user.username },
    account: account.user,
    method: 'password',
    level: 'one_factor',
    proof: 'password',
    upkeep: () => account.upkeep(input.password),
    meta: input.meta,
    maxAgeMs: input.sessionMaxAgeMs,
    now: checkedAt,
  });
  if (!started.ok) return { ok: false, message: started.refusal.message };
  return { ok: true, userId: account.user.id, ...started.session };
}
