/**
 * Sign-in by an emailed link: 10 minutes (GATEHOUSE_EMAIL_LINK_TTL), single use, stored as a
 * hash. The page behind the link signs in only on a button press (mail scanners open links).
 * Asking always gets the same answer, whether or not the address may sign in, so the form does
 * not tell who has an account; at most three unused links per address are out at a time.
 */
import { logEvent } from '../../audit/log-event';
import { dialectOf, type Db } from '../../db';
import type { MailEnv, PortalEnv, SignupEnv } from '../../config';
import { AppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';
import { issueOneTimeToken } from '../../links/one-time-token';
import { emailSignInMail } from '../../mail/templates/signup';
import { deliverMail } from '../../mail/transport';
import { decideSignup } from '../../signup/decide-signup';
import { findUsableInvitation } from '../../signup/find-usable-invitation';
import { isDirectoryAccount } from '../../users/directory-password';

export const EMAIL_LINK_SENT = 'If this address can sign in here, a link is on its way. It works once, for a few minutes.';
const MAX_OPEN_LINKS = 3;

/**
 * Would a confirmed link for this address lead anywhere? (An existing account, or a signup the
 * policy would not refuse.) A directory account signs in with the directory's password only: a
 * link would skip the directory's say (a disabled or locked entry) until the next sync.
 */
async function refusalOf(db: Db, email: string, env: SignupEnv): Promise<'signups_closed' | 'directory_account' | null> {
  const user = await db.user.findUnique({ where: { email }, select: { authSource: true } });
  if (user) return isDirectoryAccount(user) ? 'directory_account' : null;
  const hasInvitation = (await findUsableInvitation(db, email)) !== null;
  // The link itself proves the address, so it is judged as verified.
  const { policy, autoApproveDomains, approvedEmails } = env.signup;
  return decideSignup({ policy, autoApproveDomains, approvedEmails, email, emailVerified: true, hasInvitation }).outcome === 'refused'
    ? 'signups_closed'
    : null;
}

export async function requestEmailLink(
  db: Db,
  input: { email: string; returnTo: string | null; meta: RequestMeta; env: SignupEnv & PortalEnv & MailEnv; now?: Date },
): Promise<{ message: string }> {
  if (!input.env.signup.emailSignIn) throw new AppError('FORBIDDEN', 'Sign-in by email link is turned off here.');
  const email = input.email.toLowerCase();
  const now = input.now ?? new Date();
  const refusal = await refusalOf(db, email, input.env);
  if (refusal) {
    await logEvent(db, { type: 'auth.email_link_sent', outcome: 'failure', meta: input.meta, data: { email, reason: refusal } });
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
    const issued = await issueOneTimeToken(tx, {
      purpose: 'email_sign_in',
      ttlMs: input.env.signup.emailLinkTtlMs,
      email,
      now,
      data: input.returnTo ? JSON.stringify({ returnTo: input.returnTo.slice(0, 2000) }) : undefined,
    });
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
