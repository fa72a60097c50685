/**
 * A sign-in that did not use a password: a provider's identity (GitHub, Google, an OpenID
 * Connect provider) or a confirmed email link. Gatehouse's own users and sessions decide:
 *
 * 1. A known identity (provider + subject) signs its user in, through the account gate.
 * 2. An identity whose email belongs to an existing user is linked only when the provider says
 *    the email is verified AND that user allowed linking; otherwise it is refused with what to
 *    do. Never silently by email. (An email link proves the account's own address: it signs in.)
 * 3. Anyone else is a first-time sign-in: lib/signup/start-signup.ts creates them active or
 *    pending, or refuses (decide-signup.ts says which); an active one is signed in here.
 *
 * Every step is audited in the same transaction as its change.
 */
import { logEvent, type AuditParty } from '../../audit/log-event';
import type { Db } from '../../db';
import type { MailEnv, PaperlessEnv, PortalEnv, SecretsEnv, SessionEnv, SignupEnv } from '../../config';
import type { RequestMeta } from '../../http/request-meta-types';
import { startSignup } from '../../signup/start-signup';
import { accountGate } from '../account-gate';
import { startSession } from '../start-session';
import type { ProviderIdentity } from './provider-profile';

export type IdentitySignIn =
  | { kind: 'signed-in'; userId: string; token: string; expiresAt: Date }
  | { kind: 'pending'; userId: string }
  | { kind: 'refused'; message: string };

/** What a first sign-in passes on to start-signup.ts, and the session's lifetime. */
export type IdentityEnv = SessionEnv & SignupEnv & PortalEnv & MailEnv & PaperlessEnv & SecretsEnv;
type Input = { identity: ProviderIdentity; meta: RequestMeta; env: IdentityEnv; now?: Date };

export const LINK_REFUSED =
  'An account with this email address already exists. Sign in the way you did before (for example with your password), then allow sign-in providers to be linked on the Security page, and try again.';
export const LINK_UNVERIFIED =
  'An account with this email address already exists, and the provider does not confirm that the address is yours, so Gatehouse will not link them. Sign in the way you did before.';

type UserRow = { id: string; username: string; status: string; statusReason: string | null };
const USER_SELECT = { id: true, username: true, status: true, statusReason: true } as const;

function refusalFor(user: UserRow, gate: { message: string }): string {
  return user.status !== 'pending' && user.statusReason ? `${gate.message} Reason given: ${user.statusReason}` : gate.message;
}

/** Signs an existing user in (one factor), or says why not. */
async function enter(db: Db, user: UserRow, input: Input, method: string): Promise<IdentitySignIn> {
  const started = await startSession(db, {
    party: { id: user.id, name: user.username },
    account: user,
    method,
    level: 'one_factor',
    // RFC 8176 (lib/sessions/amr.ts): an email link proves the mailbox, any other provider is federated.
    amr: [method === 'email' ? 'email' : 'fed'],
    meta: input.meta,
    maxAgeMs: input.env.session.maxAgeMs,
    now: input.now ?? new Date(),
  });
  if (!started.ok)
    return started.refusal.reason === 'pending' ? { kind: 'pending', userId: user.id } : { kind: 'refused', message: refusalFor(user, started.refusal) };
  return { kind: 'signed-in', userId: user.id, ...started.session };
}

export async function signInWithIdentity(db: Db, input: Input, attempt = 0): Promise<IdentitySignIn> {
  const { identity } = input;
  const method = identity.provider;
  const known = await db.identity.findUnique({
    where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
    select: { id: true, user: { select: USER_SELECT } },
  });
  if (known) {
    // A refused account changes nothing; an admitted one records what the provider said this time.
    if (accountGate(known.user).ok)
      await db.identity.update({
        where: { id: known.id },
        data: { lastUsedAt: input.now ?? new Date(), email: identity.email, emailVerified: identity.emailVerified },
      });
    return enter(db, known.user, input, method);
  }

  const owner = identity.email ? await db.user.findUnique({ where: { email: identity.email }, select: { ...USER_SELECT, allowLinking: true } }) : null;
  if (owner) {
    const party: AuditParty = { id: owner.id, name: owner.username };
    if (!identity.emailVerified || !owner.allowLinking) {
      await logEvent(db, {
        type: 'signup.linked',
        outcome: 'failure',
        target: { type: 'user', ...party },
        meta: input.meta,
        data: { provider: method, reason: identity.emailVerified ? 'linking_not_allowed' : 'email_unverified' },
      });
      return { kind: 'refused', message: identity.emailVerified ? LINK_REFUSED : LINK_UNVERIFIED };
    }
    await db.$transaction(async (tx) => {
      await tx.identity.create({
        data: {
          userId: owner.id,
          provider: identity.provider,
          subject: identity.subject,
          email: identity.email,
          emailVerified: true,
          lastUsedAt: input.now ?? new Date(),
        },
      });
      await logEvent(tx, { type: 'signup.linked', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { provider: method } });
    });
    return enter(db, owner, input, method);
  }
  return firstSignIn(db, input, method, true, attempt);
}

/** An email link was confirmed (its token consumed by the caller): the address is proven. */
export async function signInWithEmail(db: Db, input: { email: string; meta: RequestMeta; env: IdentityEnv; now?: Date }, attempt = 0): Promise<IdentitySignIn> {
  const email = input.email.toLowerCase();
  const owner = await db.user.findUnique({ where: { email }, select: USER_SELECT });
  const asInput: Input = {
    identity: { provider: 'email', subject: email, email, emailVerified: true, name: null, username: null },
    meta: input.meta,
    env: input.env,
    now: input.now,
  };
  if (owner) return enter(db, owner, asInput, 'email');
  return firstSignIn(db, asInput, 'email', false, attempt);
}

async function firstSignIn(db: Db, input: Input, method: string, keepIdentity: boolean, attempt: number): Promise<IdentitySignIn> {
  const started = await startSignup(db, { ...input, method, keepIdentity, firstTry: attempt === 0 });
  if (started.kind === 'active') return enter(db, started.user, input, method);
  if (started.kind !== 'raced') return started;
  const email = input.identity.email!;
  return keepIdentity
    ? signInWithIdentity(db, input, attempt + 1)
    : signInWithEmail(db, { email, meta: input.meta, env: input.env, now: input.now }, attempt + 1);
}
