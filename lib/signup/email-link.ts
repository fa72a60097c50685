/**
 * Sign-in by an emailed link: 10 minutes (GATEHOUSE_EMAIL_LINK_TTL), single use, stored as a
 * hash. The page behind the link signs in only on a button press (mail scanners open links).
 * Asking always gets the same answer, whether or not the address may sign in, so the form does
 * not tell who has an account; at most three unused links per address are out at a time.
 */
import { logEvent } from '../audit/log-event';
import { dialectOf, type Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken, inspectOneTimeToken, issueOneTimeToken } from '../links/one-time-token';
import { deliverMail } from '../mail/transport';
import { admitCredentialCheck, banMessage, checkRegulation, refusalMessage } from '../regulation/credentials';
import { emailSignInMail } from '../mail/templates/signup';
import { decideSignup } from './decide-signup';
import { findUsableInvitation } from './find-usable-invitation';
import { signInWithEmail, type IdentitySignIn } from './sign-in-with-identity';

export const EMAIL_LINK_SENT = 'If this address can sign in here, a link is on its way. It works once, for a few minutes.';
const MAX_OPEN_LINKS = 3;

/** Would a confirmed link for this address lead anywhere? (An existing account, or a signup the policy would not refuse.) */
async function mayUseLink(db: Db, email: string, env: Env): Promise<boolean> {
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return true;
  const hasInvitation = (await findUsableInvitation(db, email)) !== null;
  // The link itself proves the address, so it is judged as verified.
  const { policy, autoApproveDomains, approvedEmails } = env.signup;
  return decideSignup({ policy, autoApproveDomains, approvedEmails, email, emailVerified: true, hasInvitation }).outcome !== 'refused';
}

export async function requestEmailLink(db: Db, input: { email: string; returnTo: string | null; meta: RequestMeta; env: Env; now?: Date }): Promise<{ message: string }> {
  if (!input.env.signup.emailSignIn) throw new AppError('FORBIDDEN', 'Sign-in by email link is turned off here.');
  const email = input.email.toLowerCase();
  const now = input.now ?? new Date();
  if (!(await mayUseLink(db, email, input.env))) {
    await logEvent(db, { type: 'auth.email_link_sent', outcome: 'failure', meta: input.meta, data: { email, reason: 'signups_closed' } });
    return { message: EMAIL_LINK_SENT };
  }
  // Counting the open links and issuing one happen in one transaction, serialised per address
  // (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so a burst of
  // requests cannot get past the limit.
  const postgres = dialectOf(db) === 'postgresql';
  const link = await db.$transaction(async (tx) => {
    if (postgres) await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l', `email_sign_in:${email}`);
    const open = await tx.oneTimeToken.count({ where: { purpose: 'email_sign_in', email, usedAt: null, expiresAt: { gt: now } } });
    if (open >= MAX_OPEN_LINKS) {
      await logEvent(tx, { type: 'auth.email_link_sent', outcome: 'failure', meta: input.meta, data: { email, reason: 'too_many_open_links' } });
      return null;
    }
    const issued = await issueOneTimeToken(tx, { purpose: 'email_sign_in', ttlMs: input.env.signup.emailLinkTtlMs, email, now, data: input.returnTo ? JSON.stringify({ returnTo: input.returnTo.slice(0, 2000) }) : undefined });
    await logEvent(tx, { type: 'auth.email_link_sent', meta: input.meta, data: { email } });
    return issued;
  });
  if (!link) return { message: EMAIL_LINK_SENT };
  const mail = emailSignInMail({ appName: input.env.appName, url: `${input.env.url}/sign-in/email/${link.token}`, ttlMs: input.env.signup.emailLinkTtlMs });
  await deliverMail({ to: email, ...mail }, input.env).catch((error: unknown) => {
    console.error('[gatehouse] could not send a sign-in link:', (error as Error).message);
    throw new AppError('UNAVAILABLE', 'The email could not be sent right now. Try again in a minute, or use another way to sign in.');
  });
  return { message: EMAIL_LINK_SENT };
}

export type EmailLinkState = { status: 'ok'; email: string } | { status: 'invalid' | 'used' | 'expired' };

export async function inspectEmailLink(db: Db, token: string, now = new Date()): Promise<EmailLinkState> {
  const found = await inspectOneTimeToken(db, token, 'email_sign_in', now);
  if (found.status !== 'ok') return { status: found.status };
  return found.row.email ? { status: 'ok', email: found.row.email } : { status: 'invalid' };
}

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
export async function confirmEmailLink(db: Db, input: { token: string; meta: RequestMeta; env: Env; now?: Date }): Promise<IdentitySignIn & { returnTo: string | null }> {
  if (!input.env.signup.emailSignIn) throw new AppError('FORBIDDEN', 'Sign-in by email link is turned off here.');
  const now = input.now ?? new Date();
  const admission = await admitCredentialCheck(db, { ip: input.meta.ip, policy: input.env.regulation, meta: input.meta, now });
  if (!admission.admitted) {
    await logEvent(db, { type: 'auth.email_link_used', outcome: 'failure', meta: input.meta, data: { reason: 'banned' } });
    throw new AppError('RATE_LIMITED', refusalMessage(admission, input.now ?? new Date()));
  }
  const { attempt } = admission;
  const refuse = async (reason: 'invalid' | 'used' | 'expired'): Promise<never> => {
    const { lockedUntil } = await attempt.failed({ now, record: (tx) => logEvent(tx, { type: 'auth.email_link_used', outcome: 'failure', meta: input.meta, data: { reason } }) });
    if (lockedUntil) throw new AppError('RATE_LIMITED', banMessage(lockedUntil, input.now ?? new Date()));
    const messages = { invalid: 'This sign-in link is not valid.', used: 'This sign-in link has already been used. Ask for a new one.', expired: 'This sign-in link has expired. Ask for a new one.' };
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
    returnTo = row?.data ? ((JSON.parse(row.data) as { returnTo?: unknown }).returnTo as string | undefined) ?? null : null;
  } catch {
    returnTo = null;
  }
  const result = await signInWithEmail(db, { email, meta: input.meta, env: input.env, now });
  return { ...result, returnTo: typeof returnTo === 'string' ? returnTo : null };
}
