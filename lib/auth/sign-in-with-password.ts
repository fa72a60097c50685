/**
 * Local sign-in with username or email and password. A wrong login and a wrong password give
 * the same message and take about the same time (argon2 runs either way).
 *
 * Regulation (lib/regulation/credentials.ts): the attempt is admitted (and counted) before the
 * password is looked at; when the user or the client address is banned, or already has the most
 * failures and attempts in flight the window allows, it is refused unchecked, with a message that
 * says nothing about the password. A wrong password counts against the user and the address; an
 * unknown login against the address only; a right one counts for nothing.
 */
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { admitCredentialCheck, banMessage, DEFAULT_REGULATION, refusalMessage } from '../regulation/credentials';
import type { RegulationPolicy } from '../regulation/regulation';
import { createSession, type NewSession } from '../sessions/create-session';
import { accountGate } from './account-gate';
import { hashPassword, needsRehash, verifyPassword } from './password';

export const WRONG_CREDENTIALS = 'The username or password is incorrect.';

export type PasswordSignIn =
  | ({ ok: true; userId: string } & NewSession)
  | { ok: false; message: string };

export async function signInWithPassword(
  db: Db,
  input: { login: string; password: string; meta: RequestMeta; sessionMaxAgeMs: number; regulation?: RegulationPolicy; now?: Date },
): Promise<PasswordSignIn> {
  const now = input.now ?? new Date();
  const login = input.login.trim().toLowerCase();
  const user = await db.user.findUnique({
    where: login.includes('@') ? { email: login } : { username: login },
    select: { id: true, username: true, status: true, passwordHash: true },
  });
  const target = user ? ({ type: 'user', id: user.id, name: user.username } as const) : null;

  // Admitted and counted before the password is verified: refused unchecked, the answer is the same either way.
  const admission = await admitCredentialCheck(db, { userId: user?.id, userName: user?.username, ip: input.meta.ip, policy: input.regulation ?? DEFAULT_REGULATION, meta: input.meta, now });
  if (!admission.admitted) {
    await logEvent(db, { type: 'auth.sign_in', outcome: 'failure', target, meta: input.meta, data: { method: 'password', reason: 'banned', login: login.slice(0, 100) } });
    return { ok: false, message: refusalMessage(admission, input.now ?? new Date()) };
  }

  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  // Argon2 takes a noticeable moment: what follows happens after it.
  const checkedAt = input.now ?? new Date();

  if (!user || !passwordOk) {
    const { lockedUntil } = await admission.attempt.failed({
      now: checkedAt,
      record: (tx) =>
        logEvent(tx, {
          type: 'auth.sign_in',
          outcome: 'failure',
          target,
          meta: input.meta,
          data: { method: 'password', reason: user ? 'wrong_password' : 'unknown_user', login: login.slice(0, 100) },
        }),
    });
    return { ok: false, message: lockedUntil ? banMessage(lockedUntil, input.now ?? new Date()) : WRONG_CREDENTIALS };
  }
  await admission.attempt.passed();

  const party = { id: user.id, name: user.username };
  // The password was right, so saying why the account cannot sign in reveals nothing new.
  const gate = accountGate(user);
  if (!gate.ok) {
    await logEvent(db, {
      type: 'auth.sign_in',
      outcome: 'failure',
      actor: party,
      target: { type: 'user', ...party },
      meta: input.meta,
      data: { method: 'password', reason: `account_${gate.reason}` },
    });
    return { ok: false, message: gate.message };
  }

  const rehash = needsRehash(user.passwordHash!) ? await hashPassword(input.password) : null;
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: checkedAt, ...(rehash ? { passwordHash: rehash } : {}) } });
    const created = await createSession(tx, { userId: user.id, level: 'one_factor', proof: 'password', meta: input.meta, maxAgeMs: input.sessionMaxAgeMs, now: checkedAt });
    await logEvent(tx, { type: 'auth.sign_in', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { method: 'password', rehashed: Boolean(rehash) } });
    return created;
  });
  return { ok: true, userId: user.id, ...session };
}
