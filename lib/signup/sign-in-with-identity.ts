/**
 * A sign-in that did not use a password: a provider's identity (GitHub, Google, an OpenID
 * Connect provider) or a confirmed email link. Gatehouse's own users and sessions decide:
 *
 * 1. A known identity (provider + subject) signs its user in, through the account gate.
 * 2. An identity whose email belongs to an existing user is linked only when the provider says
 *    the email is verified AND that user allowed linking; otherwise it is refused with what to
 *    do. Never silently by email. (An email link proves the account's own address: it signs in.)
 * 3. Anyone else is a first-time sign-in: lib/signup/decide-signup.ts says active, pending or
 *    refused. A pending user gets a "we received your request" mail; every admin gets a notice.
 *
 * Every step is audited in the same transaction as its change.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { accountGate, ADMIN_GROUP } from '../auth/account-gate';
import type { Db, Tx } from '../db';
import type { Env } from '../env';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { signupAdminNoticeMail, signupReceivedMail } from '../mail/templates/signup';
import { provisionIfConnected } from '../paperless/provision-user';
import { createSession } from '../sessions/create-session';
import { ensureGroups } from '../users/ensure-groups';
import { decideSignup } from './decide-signup';
import { findUsableInvitation } from './find-usable-invitation';
import type { ProviderIdentity } from './provider-profile';

export type IdentitySignIn =
  | { kind: 'signed-in'; userId: string; token: string; expiresAt: Date }
  | { kind: 'pending'; userId: string }
  | { kind: 'refused'; message: string };

type Input = { identity: ProviderIdentity; meta: RequestMeta; env: Env; now?: Date };

export const LINK_REFUSED =
  'An account with this email address already exists. Sign in the way you did before (for example with your password), then allow sign-in providers to be linked on the Security page, and try again.';
export const LINK_UNVERIFIED = 'An account with this email address already exists, and the provider does not confirm that the address is yours, so Gatehouse will not link them. Sign in the way you did before.';

type UserRow = { id: string; username: string; status: string; statusReason: string | null };
const USER_SELECT = { id: true, username: true, status: true, statusReason: true } as const;

function refusalFor(user: UserRow, gate: { message: string }): string {
  return user.status !== 'pending' && user.statusReason ? `${gate.message} Reason given: ${user.statusReason}` : gate.message;
}

/** Signs an existing user in (one factor), or says why not. */
async function enter(db: Db, user: UserRow, input: Input, method: string): Promise<IdentitySignIn> {
  const party: AuditParty = { id: user.id, name: user.username };
  const gate = accountGate(user);
  if (!gate.ok) {
    await logEvent(db, { type: 'auth.sign_in', outcome: 'failure', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { method, reason: `account_${gate.reason}` } });
    return gate.reason === 'pending' ? { kind: 'pending', userId: user.id } : { kind: 'refused', message: refusalFor(user, gate) };
  }
  const now = input.now ?? new Date();
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    const created = await createSession(tx, { userId: user.id, level: 'one_factor', meta: input.meta, maxAgeMs: input.env.session.maxAgeMs, now });
    await logEvent(tx, { type: 'auth.sign_in', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { method } });
    return created;
  });
  return { kind: 'signed-in', userId: user.id, ...session };
}

export async function signInWithIdentity(db: Db, input: Input, attempt = 0): Promise<IdentitySignIn> {
  const { identity } = input;
  const method = identity.provider;
  const known = await db.identity.findUnique({ where: { provider_subject: { provider: identity.provider, subject: identity.subject } }, select: { id: true, user: { select: USER_SELECT } } });
  if (known) {
    // A refused account changes nothing; an admitted one records what the provider said this time.
    if (accountGate(known.user).ok) await db.identity.update({ where: { id: known.id }, data: { lastUsedAt: input.now ?? new Date(), email: identity.email, emailVerified: identity.emailVerified } });
    return enter(db, known.user, input, method);
  }

  const owner = identity.email ? await db.user.findUnique({ where: { email: identity.email }, select: { ...USER_SELECT, allowLinking: true } }) : null;
  if (owner) {
    const party: AuditParty = { id: owner.id, name: owner.username };
    if (!identity.emailVerified || !owner.allowLinking) {
      await logEvent(db, { type: 'signup.linked', outcome: 'failure', target: { type: 'user', ...party }, meta: input.meta, data: { provider: method, reason: identity.emailVerified ? 'linking_not_allowed' : 'email_unverified' } });
      return { kind: 'refused', message: identity.emailVerified ? LINK_REFUSED : LINK_UNVERIFIED };
    }
    await db.$transaction(async (tx) => {
      await tx.identity.create({ data: { userId: owner.id, provider: identity.provider, subject: identity.subject, email: identity.email, emailVerified: true, lastUsedAt: input.now ?? new Date() } });
      await logEvent(tx, { type: 'signup.linked', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { provider: method } });
    });
    return enter(db, owner, input, method);
  }
  return firstSignIn(db, input, method, true, attempt);
}

/** An email link was confirmed (its token consumed by the caller): the address is proven. */
export async function signInWithEmail(db: Db, input: { email: string; meta: RequestMeta; env: Env; now?: Date }, attempt = 0): Promise<IdentitySignIn> {
  const email = input.email.toLowerCase();
  const owner = await db.user.findUnique({ where: { email }, select: USER_SELECT });
  const asInput: Input = { identity: { provider: 'email', subject: email, email, emailVerified: true, name: null, username: null }, meta: input.meta, env: input.env, now: input.now };
  if (owner) return enter(db, owner, asInput, 'email');
  return firstSignIn(db, asInput, 'email', false, attempt);
}

async function uniqueUsername(tx: Tx, hint: string | null, email: string): Promise<string> {
  // Cut first, then trim the ends: a username must start and end with a letter or digit (ZUsername).
  const clean = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9._-]+/g, '-')
      .slice(0, 28)
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  let base = clean(hint ?? '') || clean(email.slice(0, email.indexOf('@'))) || 'user';
  if (base.length < 2) base = `${base}-user`;
  for (let n = 0; n < 50; n++) {
    const candidate = n === 0 ? base : `${base.slice(0, 28)}-${n + 1}`;
    if (!(await tx.user.findUnique({ where: { username: candidate }, select: { id: true } }))) return candidate;
  }
  return `${base.slice(0, 20)}-${Date.now().toString(36)}`;
}

async function firstSignIn(db: Db, input: Input, method: string, keepIdentity: boolean, attempt = 0): Promise<IdentitySignIn> {
  const { identity, env } = input;
  const invitation = identity.email && identity.emailVerified ? await findUsableInvitation(db, identity.email, input.now) : null;
  const decision = decideSignup({
    policy: env.signup.policy,
    autoApproveDomains: env.signup.autoApproveDomains,
    approvedEmails: env.signup.approvedEmails,
    email: identity.email,
    emailVerified: identity.emailVerified,
    hasInvitation: invitation !== null,
  });
  if (decision.outcome === 'refused') {
    await logEvent(db, { type: 'signup.requested', outcome: 'failure', meta: input.meta, data: { method, reason: decision.reason, email: identity.email } });
    return { kind: 'refused', message: decision.message };
  }
  const email = identity.email!;
  const status = decision.outcome === 'active' ? 'active' : 'pending';
  let created: { id: string; username: string; displayName: string };
  try {
    created = await db.$transaction(async (tx) => {
      const username = await uniqueUsername(tx, identity.username, email);
      const displayName = (identity.name ?? username).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 100) || username;
      const user = await tx.user.create({
        data: { username, email, displayName, status, signupMethod: method, signupIp: input.meta.ip, statusChangedAt: input.now ?? new Date() },
        select: { id: true, username: true, displayName: true },
      });
      if (keepIdentity) await tx.identity.create({ data: { userId: user.id, provider: identity.provider, subject: identity.subject, email, emailVerified: identity.emailVerified, lastUsedAt: input.now ?? new Date() } });
      const party: AuditParty = { id: user.id, name: user.username };
      if (invitation) {
        const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, usedAt: null, revokedAt: null }, data: { usedAt: input.now ?? new Date(), usedById: user.id } });
        if (claimed.count !== 1) throw new Error('invitation raced');
        const groups = await ensureGroups(tx, invitation.groups);
        if (groups.length) await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
      }
      await logEvent(tx, { type: 'signup.requested', actor: party, target: { type: 'user', ...party }, meta: input.meta, data: { method, email, decision: `${decision.outcome}:${decision.reason}` } });
      if (status === 'active') await logEvent(tx, { type: 'signup.approved', target: { type: 'user', ...party }, meta: input.meta, data: { by: decision.reason } });
      return user;
    });
  } catch (error) {
    // Two first sign-ins of the same person at once (a double click on the provider button, or a
    // replayed callback): the unique (provider, subject) or email index lets one through; the
    // other starts over and finds that user.
    const code = (error as { code?: string }).code;
    if (attempt === 0 && (code === 'P2002' || (error as Error).message === 'invitation raced')) {
      return keepIdentity ? signInWithIdentity(db, input, attempt + 1) : signInWithEmail(db, { email, meta: input.meta, env, now: input.now }, attempt + 1);
    }
    throw error;
  }

  if (status === 'pending') {
    await notifyPending(db, { user: { ...created, email }, method, ip: input.meta.ip, emailVerified: identity.emailVerified, env });
    return { kind: 'pending', userId: created.id };
  }
  await provisionIfConnected(db, { userId: created.id, actor: null, meta: input.meta, env });
  return enter(db, { id: created.id, username: created.username, status: 'active', statusReason: null }, input, method);
}

/** "We received your request" to the person; a notice with the queue's address to every admin. Mail failures are logged, never fatal. */
async function notifyPending(db: Db, input: { user: { username: string; displayName: string; email: string }; method: string; ip: string | null; emailVerified: boolean; env: Env }): Promise<void> {
  const { env } = input;
  const send = (to: string, mail: { subject: string; text: string; html: string }) =>
    deliverMail({ to, ...mail }, env).catch((error: unknown) => console.error(`[gatehouse] could not mail ${to}:`, (error as Error).message));
  await send(input.user.email, signupReceivedMail({ appName: env.appName, displayName: input.user.displayName }));
  const admins = await db.user.findMany({ where: { status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } } }, select: { email: true }, take: 50 });
  for (const admin of admins) {
    await send(admin.email, signupAdminNoticeMail({ appName: env.appName, who: { displayName: input.user.displayName, email: input.user.email, method: input.method, ip: input.ip, emailVerified: input.emailVerified }, queueUrl: `${env.url}/admin/signups` }));
  }
}
