/**
 * Local sign-in with username or email and password. A wrong login and a wrong password give
 * the same message and take about the same time (argon2 runs either way).
 */
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { createSession, type NewSession } from '../sessions/create-session';
import { accountGate } from './account-gate';
import { hashPassword, needsRehash, verifyPassword } from './password';

export const WRONG_CREDENTIALS = 'The username or password is incorrect.';

export type PasswordSignIn =
  | ({ ok: true; userId: string } & NewSession)
  | { ok: false; message: string };

export async function signInWithPassword(
  db: Db,
  input: { login: string; password: string; meta: RequestMeta; sessionMaxAgeMs: number; now?: Date },
): Promise<PasswordSignIn> {
  const login = input.login.trim().toLowerCase();
  const user = await db.user.findUnique({
    where: login.includes('@') ? { email: login } : { username: login },
    select: { id: true, username: true, status: true, passwordHash: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);

  if (!user || !passwordOk) {
    await logEvent(db, {
      type: 'auth.sign_in',
      outcome: 'failure',
      target: user ? { type: 'user', id: user.id, name: user.username } : null,
      meta: input.meta,
      data: { method: 'password', reason: user ? 'wrong_password' : 'unknown_user', login: login.slice(0, 100) },
    });
    return { ok: false, message: WRONG_CREDENTIALS };
  }

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
  const now = input.now ?? new Date();
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now, ...(rehash ? { passwordHash: rehash } : {}) } });
    const created = await createSession(tx, { userId: user.id, level: 'one_factor', meta: input.meta, maxAgeMs: input.sessionMaxAgeMs, now });
    await logEvent(tx, { type: 'auth.sign_in', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { method: 'password', rehashed: Boolean(rehash) } });
    return created;
  });
  return { ok: true, userId: user.id, ...session };
}
