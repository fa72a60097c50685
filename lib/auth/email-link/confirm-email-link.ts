import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import type { RegulationEnv } from '../../config';
import { AppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';
import { consumeOneTimeToken, inspectOneTimeToken } from '../../links/one-time-token';
import { admitCredentialCheck, banMessage, checkRegulation, refusalMessage } from '../../regulation/credentials';
import { signInWithEmail, type IdentityEnv, type IdentitySignIn } from '../identity/sign-in-with-identity';

/**
 * The button on the link's page: uses the link (once) and signs in, or starts a signup.
 *
 * Regulation: the attempt is admitted (and counted) for the client address before the link is
 * looked at, so a banned address, or one with the most failures and attempts in flight the
 * window allows, is refused unchecked; a bad, used or expired link counts against the address
 * (also one used by a concurrent confirmation a moment earlier, as it would one after). A link
 * for a banned user is refused without being used (it still works, if not expired, once the ban
 * ends or is lifted).
 */
export async function confirmEmailLink(
  db: Db,
  input: { token: string; meta: RequestMeta; env: IdentityEnv & RegulationEnv; now?: Date },
): Promise<IdentitySignIn & { returnTo: string | null }> {
  if (!input.env.signup.emailSignIn) throw new AppError('FORBIDDEN', 'Sign-in by email link is turned off here.');
  const now = input.now ?? new Date();
  const admission = await admitCredentialCheck(db, { ip: input.meta.ip, policy: input.env.regulation, meta: input.meta, now });
  if (!admission.admitted) {
    await logEvent(db, { type: 'auth.email_link_used', outcome: 'failure', meta: input.meta, data: { reason: 'banned' } });
    throw new AppError('RATE_LIMITED', refusalMessage(admission, input.now ?? new Date()));
  }
  const { attempt } = admission;
  const refuse = async (reason: 'invalid' | 'used' | 'expired'): Promise<never> => {
    const { lockedUntil } = await attempt.failed({
      now,
      record: (tx) => logEvent(tx, { type: 'auth.email_link_used', outcome: 'failure', meta: input.meta, data: { reason } }),
    });
    if (lockedUntil) throw new AppError('RATE_LIMITED', banMessage(lockedUntil, input.now ?? new Date()));
    const messages = {
      invalid: 'This sign-in link is not valid.',
      used: 'This sign-in link has already been used. Ask for a new one.',
      expired: 'This sign-in link has expired. Ask for a new one.',
    };
    throw new AppError('GONE', messages[reason]);
  };
  const found = await inspectOneTimeToken(db, input.token, 'email_sign_in', now);
  if (found.status !== 'ok') return refuse(found.status);
  const email = found.row.email;
  if (!email) return refuse('invalid');
  // A real link: whatever follows, it was no guess.
  const owner = await db.user.findUnique({ where: { email }, select: { id: true } });
  const userBan = owner ? await checkRegulation(db, { userId: owner.id, now }) : ({ locked: false } as const);
  if (userBan.locked) {
    await attempt.passed();
    await logEvent(db, { type: 'auth.email_link_used', outcome: 'failure', meta: input.meta, data: { reason: 'banned', email } });
    throw new AppError('RATE_LIMITED', banMessage(userBan.until, now));
  }
  const row = await db.oneTimeToken.findUnique({ where: { id: found.row.id }, select: { data: true } });
  const used = await db.$transaction(async (tx) => {
    if (!(await consumeOneTimeToken(tx, found.row.id, now))) return false;
    await logEvent(tx, { type: 'auth.email_link_used', meta: input.meta, data: { email } });
    return true;
  });
  // Used by a concurrent confirmation a moment earlier: the same as one used before.
  if (!used) return refuse('used');
  await attempt.passed();
  let returnTo: string | null = null;
  try {
    returnTo = row?.data ? (((JSON.parse(row.data) as { returnTo?: unknown }).returnTo as string | undefined) ?? null) : null;
  } catch {
    returnTo = null;
  }
  const result = await signInWithEmail(db, { email, meta: input.meta, env: input.env, now });
  return { ...result, returnTo: typeof returnTo === 'string' ? returnTo : null };
}
