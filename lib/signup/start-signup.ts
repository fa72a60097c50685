/**
 * A first-time sign-in (a provider's identity or a confirmed email link nobody has yet):
 * decide-signup.ts says active, pending or refused; the user is created (with the provider's
 * identity, and what an invitation grants) and audited in one transaction. A pending user gets a
 * "we received your request" mail, and every admin a notice; an active one is provisioned to the
 * connected apps, then the caller signs them in.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { ProviderIdentity } from '../auth/identity/provider-profile';
import type { Db, Tx } from '../db';
import type { MailEnv, PaperlessEnv, PortalEnv, SecretsEnv, SignupEnv } from '../config';
import type { RequestMeta } from '../http/request-meta-types';
import { signupAdminNoticeMail, signupReceivedMail } from '../mail/templates/signup';
import { deliverMail } from '../mail/transport';
import { provisionIfConnected } from '../paperless/provision-user';
import { ensureGroups } from '../users/ensure-groups';
import { decideSignup } from './decide-signup';
import { findUsableInvitation } from './find-usable-invitation';

export type SignupInput = {
  identity: ProviderIdentity;
  /** The audit's method: the provider id, or 'email'. */
  method: string;
  /** Keep the provider's identity (not for an email link). */
  keepIdentity: boolean;
  /** On the first try a lost race is answered 'raced' (start over); on the second it throws. */
  firstTry: boolean;
  meta: RequestMeta;
  env: SignupEnv & PortalEnv & MailEnv & PaperlessEnv & SecretsEnv;
  now?: Date;
};

export type SignupStart =
  | { kind: 'active'; user: { id: string; username: string; status: string; statusReason: string | null } }
  | { kind: 'pending'; userId: string }
  | { kind: 'refused'; message: string }
  | { kind: 'raced' };

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

export async function startSignup(db: Db, input: SignupInput): Promise<SignupStart> {
  const { identity, env, method, keepIdentity } = input;
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
      if (keepIdentity)
        await tx.identity.create({
          data: {
            userId: user.id,
            provider: identity.provider,
            subject: identity.subject,
            email,
            emailVerified: identity.emailVerified,
            lastUsedAt: input.now ?? new Date(),
          },
        });
      const party: AuditParty = { id: user.id, name: user.username };
      if (invitation) {
        const claimed = await tx.invitation.updateMany({
          where: { id: invitation.id, usedAt: null, revokedAt: null },
          data: { usedAt: input.now ?? new Date(), usedById: user.id },
        });
        if (claimed.count !== 1) throw new Error('invitation raced');
        const groups = await ensureGroups(tx, invitation.groups);
        if (groups.length) await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
      }
      await logEvent(tx, {
        type: 'signup.requested',
        actor: party,
        target: { type: 'user', ...party },
        meta: input.meta,
        data: { method, email, decision: `${decision.outcome}:${decision.reason}` },
      });
      if (status === 'active')
        await logEvent(tx, { type: 'signup.approved', target: { type: 'user', ...party }, meta: input.meta, data: { by: decision.reason } });
      return user;
    });
  } catch (error) {
    // Two first sign-ins of the same person at once (a double click on the provider button, or a
    // replayed callback): the unique (provider, subject) or email index lets one through; the
    // other starts over (the caller signs in again) and finds that user.
    const code = (error as { code?: string }).code;
    if (input.firstTry && (code === 'P2002' || (error as Error).message === 'invitation raced')) return { kind: 'raced' };
    throw error;
  }

  if (status === 'pending') {
    await notifyPending(db, { user: { ...created, email }, method, ip: input.meta.ip, emailVerified: identity.emailVerified, env });
    return { kind: 'pending', userId: created.id };
  }
  await provisionIfConnected(db, { userId: created.id, actor: null, meta: input.meta, env });
  return { kind: 'active', user: { id: created.id, username: created.username, status: 'active', statusReason: null } };
}

/** "We received your request" to the person; a notice with the queue's address to every admin. Mail failures are logged, never fatal. */
async function notifyPending(
  db: Db,
  input: {
    user: { username: string; displayName: string; email: string };
    method: string;
    ip: string | null;
    emailVerified: boolean;
    env: PortalEnv & MailEnv;
  },
): Promise<void> {
  const { env } = input;
  const send = (to: string, mail: { subject: string; text: string; html: string }) =>
    deliverMail({ to, ...mail }, env).catch((error: unknown) => console.error(`[gatehouse] could not mail ${to}:`, (error as Error).message));
  await send(input.user.email, signupReceivedMail({ appName: env.appName, displayName: input.user.displayName }));
  const admins = await db.user.findMany({ where: { status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } } }, select: { email: true }, take: 50 });
  for (const admin of admins) {
    await send(
      admin.email,
      signupAdminNoticeMail({
        appName: env.appName,
        who: { displayName: input.user.displayName, email: input.user.email, method: input.method, ip: input.ip, emailVerified: input.emailVerified },
        queueUrl: `${env.url}/admin/signups`,
      }),
    );
  }
}
