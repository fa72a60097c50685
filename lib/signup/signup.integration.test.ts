/**
 * The signup use cases end to end through lib, on SQLite and PostgreSQL: a first sign-in under
 * each policy, invitations, linking an existing account, the account gate for known identities,
 * an admin's decision (with two admins deciding at once), email sign-in links, two first
 * sign-ins at once, and unlinking. Every refusal says why, creates and changes nothing, and
 * leaves an audit event where the code writes one. Mail is read from the outbox (no SMTP).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto';
import type { Env } from '../config';
import { readOutboxMessage, type OutboxMessage } from '../mail/outbox';
import { validateSession } from '../sessions/validate-session';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { ZUsername } from '../users/schemas';
import { setUserStatus } from '../users/set-user-status';
import { approveSignup } from './approve-signup';
import { listPendingSignups } from './list-pending-signups';
import { rejectSignup } from './reject-signup';
import { REFUSAL_MESSAGES } from './decide-signup';
import { confirmEmailLink } from '../auth/email-link/confirm-email-link';
import { inspectEmailLink } from '../auth/email-link/inspect-email-link';
import { EMAIL_LINK_SENT, requestEmailLink } from '../auth/email-link/request-email-link';
import { createInvitation } from './create-invitation';
import { findUsableInvitation } from './find-usable-invitation';
import { listInvitations } from './list-invitations';
import { revokeInvitation } from './revoke-invitation';
import { listLinkedIdentities, setAllowLinking, unlinkIdentity } from '../auth/identity/linked-identities';
import type { ProviderIdentity } from '../auth/identity/provider-profile';
import { LINK_REFUSED, LINK_UNVERIFIED, signInWithIdentity, type IdentitySignIn } from '../auth/identity/sign-in-with-identity';

const meta = { ip: '192.0.2.61', userAgent: 'vitest' };
const BASE_URL = 'http://localhost:9091';
const APPROVED_EMAIL = 'approved-person@elsewhere.test';
const AUTO_DOMAIN = 'family.test';
const ADMIN_A = 'signup-admin-a';
const ADMIN_B = 'signup-admin-b';
const DAY = 24 * 60 * 60_000;

const uid = () => randomBytes(4).toString('hex');

/** A provider's answer, as lib/auth/identity/provider-profile.ts makes it. */
function identity(over: Partial<ProviderIdentity> = {}): ProviderIdentity {
  const id = uid();
  return {
    provider: 'authentik',
    subject: `sub-${id}`,
    email: `person-${id}@elsewhere.test`,
    emailVerified: true,
    name: `Person ${id}`,
    username: `person-${id}`,
    ...over,
  };
}

function userIdOf(result: IdentitySignIn): string {
  if (result.kind === 'refused') throw new Error(`refused: ${result.message}`);
  return result.userId;
}

describe.each(DIALECTS)('signup on %s', (dialect) => {
  let t: TestDatabase;
  const made: TestEnv[] = [];
  let open: Env;
  let auto: Env;
  let closed: Env;
  let emailOff: Env;
  let adminA: { id: string; name: string; email: string };
  let adminB: { id: string; name: string; email: string };
  let retiredAdmin: { id: string; email: string };

  /** Every signup variable is set (or unset) each time, so nothing leaks from one env into the next. */
  function makeEnv(vars: Record<string, string | undefined>): Env {
    const testEnv = useTestEnv({
      GATEHOUSE_URL: BASE_URL,
      GATEHOUSE_SIGNUP_POLICY: undefined,
      GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS: undefined,
      GATEHOUSE_SIGNUP_APPROVED_EMAILS: `${APPROVED_EMAIL},${ADMIN_A}@example.test`,
      GATEHOUSE_EMAIL_SIGN_IN: undefined,
      ...vars,
    });
    made.push(testEnv);
    return testEnv.env;
  }

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const a = await createTestUser(t.db, { username: ADMIN_A, groups: ['admins'] });
    const b = await createTestUser(t.db, { username: ADMIN_B, groups: ['admins'] });
    const retired = await createTestUser(t.db, { username: 'signup-admin-retired', groups: ['admins'], status: 'disabled' });
    adminA = { id: a.id, name: a.username, email: a.email };
    adminB = { id: b.id, name: b.username, email: b.email };
    retiredAdmin = { id: retired.id, email: retired.email };
    open = makeEnv({ GATEHOUSE_SIGNUP_POLICY: 'open-with-approval' });
    auto = makeEnv({ GATEHOUSE_SIGNUP_POLICY: 'auto-approve', GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS: AUTO_DOMAIN });
    closed = makeEnv({ GATEHOUSE_SIGNUP_POLICY: 'closed' });
    emailOff = makeEnv({ GATEHOUSE_SIGNUP_POLICY: 'open-with-approval', GATEHOUSE_EMAIL_SIGN_IN: 'false' });
  });
  afterAll(async () => {
    for (const testEnv of made.reverse()) testEnv.restore();
    await t?.drop();
  });

  const signIn = (who: ProviderIdentity, env: Env) => signInWithIdentity(t.db, { identity: who, meta, env });

  /** The messages in an env's outbox addressed to exactly this address, oldest first. */
  async function mailsTo(env: Env, address: string): Promise<OutboxMessage[]> {
    let files: string[];
    try {
      files = readdirSync(env.outboxDir).sort();
    } catch {
      return [];
    }
    const out: OutboxMessage[] = [];
    for (const file of files) {
      const message = await readOutboxMessage(env.outboxDir, file);
      if (message?.to.split(/,\s*/).some((to) => to.replace(/^.*</, '').replace(/>$/, '').toLowerCase() === address.toLowerCase())) out.push(message);
    }
    return out;
  }

  /** The tokens of the sign-in links mailed to `address`, oldest first. */
  async function emailLinkTokens(env: Env, address: string): Promise<string[]> {
    const pattern = new RegExp(`${BASE_URL}/sign-in/email/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
    return (await mailsTo(env, address)).flatMap((m) => {
      const match = m.text.match(pattern);
      return match ? [match[1]!] : [];
    });
  }

  /** The one sign-in link mailed to `address` that is not among `seen`. */
  async function emailLinkToken(env: Env, address: string, seen: string[] = []): Promise<string> {
    const fresh = (await emailLinkTokens(env, address)).filter((token) => !seen.includes(token));
    if (fresh.length !== 1) throw new Error(`expected one new sign-in link to ${address}, found ${fresh.length}`);
    return fresh[0]!;
  }

  /** Everything a refusal must leave alone. */
  const counts = async () => ({
    users: await t.db.user.count(),
    identities: await t.db.identity.count(),
    sessions: await t.db.session.count(),
    userGroups: await t.db.userGroup.count(),
    invitations: await t.db.invitation.count(),
    usedInvitations: await t.db.invitation.count({ where: { usedAt: { not: null } } }),
    tokens: await t.db.oneTimeToken.count(),
  });

  const audit = (type: string, where: Record<string, unknown> = {}) =>
    t.db.auditEvent.findMany({ where: { type, ...where }, orderBy: { id: 'asc' }, select: { outcome: true, actorId: true, targetId: true, data: true } });

  const level = async (token: string) => {
    const check = await validateSession(token, { db: t.db, idleTimeoutMs: 3_600_000 });
    return check.status === 'ok' ? check.session.level : check.status;
  };

  const statusOf = async (userId: string) => (await t.db.user.findUnique({ where: { id: userId }, select: { status: true } }))?.status;
  const groupsOf = async (userId: string) =>
    (await t.db.userGroup.findMany({ where: { userId }, select: { group: { select: { name: true } } } })).map((g) => g.group.name).sort();
  const liveSessions = (userId: string) => t.db.session.count({ where: { userId, revokedAt: null } });

  async function pendingUser(env: Env = open) {
    const who = identity();
    const result = await signIn(who, env);
    expect(result.kind).toBe('pending');
    return { who, userId: userIdOf(result) };
  }

  // 1 ─────────────────────────────────────────────────────────────────────────────────────────

  it('a first sign-in under open-with-approval creates a pending user with its identity, mails the person and every active admin; signing in again creates nothing', async () => {
    const who = identity({ name: 'Pat Pending' });
    const result = await signIn(who, open);
    expect(result.kind).toBe('pending');
    const userId = userIdOf(result);

    const user = await t.db.user.findUnique({
      where: { id: userId },
      select: { status: true, email: true, username: true, displayName: true, signupMethod: true, signupIp: true },
    });
    expect(user).toEqual({
      status: 'pending',
      email: who.email,
      username: who.username,
      displayName: 'Pat Pending',
      signupMethod: 'authentik',
      signupIp: meta.ip,
    });
    expect(await t.db.identity.findMany({ where: { userId }, select: { provider: true, subject: true, email: true, emailVerified: true } })).toEqual([
      { provider: 'authentik', subject: who.subject, email: who.email, emailVerified: true },
    ]);
    const requested = await audit('signup.requested', { targetId: userId });
    expect(requested).toHaveLength(1);
    expect(requested[0]!.outcome).toBe('success');
    expect(requested[0]!.data).toContain('pending:needs-approval');
    expect(await audit('signup.approved', { targetId: userId })).toEqual([]);
    expect(await t.db.session.count({ where: { userId } })).toBe(0);
    expect(await listPendingSignups(t.db)).toContainEqual(expect.objectContaining({ id: userId, email: who.email, method: 'authentik', ip: meta.ip }));

    const received = await mailsTo(open, who.email!);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Gatehouse: we received your request');
    for (const admin of [adminA, adminB]) {
      const notices = (await mailsTo(open, admin.email)).filter((m) => m.subject === 'Gatehouse: Pat Pending asks for an account');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toContain(`${BASE_URL}/admin/signups`);
      expect(notices[0]!.text).toContain(`<${who.email}>`);
      expect(notices[0]!.text).toContain(`authentik from ${meta.ip}`);
    }
    expect((await mailsTo(open, retiredAdmin.email)).filter((m) => m.subject.includes('Pat Pending'))).toEqual([]);

    // The same identity again: still pending, nothing new, no second round of mail.
    const before = await counts();
    expect(await signIn(who, open)).toEqual({ kind: 'pending', userId });
    expect(await counts()).toEqual(before);
    expect(await mailsTo(open, who.email!)).toHaveLength(1);
    expect((await mailsTo(open, adminA.email)).filter((m) => m.subject.includes('Pat Pending'))).toHaveLength(1);
    expect(await t.db.session.count({ where: { userId } })).toBe(0);
  });

  it('a username made from a long provider login is one Gatehouse itself accepts', async () => {
    // GitHub logins run to 39 characters; Gatehouse keeps at most 28 of the hint.
    const result = await signIn(identity({ provider: 'github', username: 'some-very-long-github-login-name' }), open);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userIdOf(result) }, select: { username: true } });
    expect(user.username.startsWith('some-very-long-github-login')).toBe(true);
    expect(ZUsername.safeParse(user.username)).toEqual({ success: true, data: user.username });
  });

  // 2 ─────────────────────────────────────────────────────────────────────────────────────────

  it('auto-approve: a verified email in a listed domain is active and signed in at once', async () => {
    const who = identity({ email: `kim-${uid()}@${AUTO_DOMAIN}` });
    const result = await signIn(who, auto);
    expect(result.kind).toBe('signed-in');
    if (result.kind !== 'signed-in') return;
    expect(await statusOf(result.userId)).toBe('active');
    expect(await level(result.token)).toBe('one_factor');
    expect(await t.db.session.findMany({ where: { userId: result.userId }, select: { level: true, ip: true } })).toEqual([
      { level: 'one_factor', ip: meta.ip },
    ]);
    const approved = await audit('signup.approved', { targetId: result.userId });
    expect(approved).toHaveLength(1);
    expect(approved[0]!.data).toContain('approved-domain');
    expect(await t.db.identity.count({ where: { userId: result.userId } })).toBe(1);
    // Nobody waits, so nobody is told about a request.
    expect(await mailsTo(auto, who.email!)).toEqual([]);
  });

  it('auto-approve: an unverified email in a listed domain waits for an admin', async () => {
    const who = identity({ email: `lee-${uid()}@${AUTO_DOMAIN}`, emailVerified: false });
    const result = await signIn(who, auto);
    expect(result.kind).toBe('pending');
    expect(await statusOf(userIdOf(result))).toBe('pending');
    expect(await t.db.session.count({ where: { userId: userIdOf(result) } })).toBe(0);
    expect(await audit('signup.approved', { targetId: userIdOf(result) })).toEqual([]);
  });

  it('an approved email counts only when the provider verified it', async () => {
    const unverified = identity({ email: APPROVED_EMAIL, emailVerified: false });
    const result = await signIn(unverified, auto);
    expect(result.kind).toBe('pending');
    const userId = userIdOf(result);
    expect(await statusOf(userId)).toBe('pending');
    expect(await t.db.session.count({ where: { userId } })).toBe(0);
    expect(await audit('signup.approved', { targetId: userId })).toEqual([]);
    // (Its owner, with a verified identity, now meets an existing account: linking rules apply.)
    await t.db.user.delete({ where: { id: userId } });
    const verified = await signIn(identity({ email: APPROVED_EMAIL }), closed);
    expect(verified.kind).toBe('signed-in');
    const approved = await audit('signup.approved', { targetId: userIdOf(verified) });
    expect(approved[0]!.data).toContain('approved-email');
  });

  it("an unverified identity with an admin's (approved) address neither becomes active nor reaches the admin's account", async () => {
    const before = await counts();
    const sessionsBefore = await t.db.session.count({ where: { userId: adminA.id } });
    for (const env of [auto, open, closed]) {
      const result = await signIn(identity({ email: adminA.email, emailVerified: false }), env);
      // The address belongs to an account, so this is a link attempt the provider cannot back up.
      expect(result).toEqual({ kind: 'refused', message: LINK_UNVERIFIED });
    }
    expect(await counts()).toEqual(before);
    expect(await t.db.session.count({ where: { userId: adminA.id } })).toBe(sessionsBefore);
    expect(await statusOf(adminA.id)).toBe('active');
    expect((await audit('signup.linked', { targetId: adminA.id, outcome: 'failure' })).length).toBeGreaterThanOrEqual(3);
  });

  // 3 ─────────────────────────────────────────────────────────────────────────────────────────

  it('closed: a new person is refused with the invitation message, nothing is created', async () => {
    const who = identity();
    const before = await counts();
    expect(await signIn(who, closed)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES.closed });
    expect(REFUSAL_MESSAGES.closed).toMatch(/invitation/);
    expect(await counts()).toEqual(before);
    expect(await t.db.user.count({ where: { email: who.email! } })).toBe(0);
    const refused = await audit('signup.requested', { outcome: 'failure', data: { contains: who.email! } });
    expect(refused).toHaveLength(1);
    expect(refused[0]!.data).toContain('closed');
    expect(await mailsTo(closed, who.email!)).toEqual([]);
  });

  it('closed: a valid invitation makes a verified email active at once, with its groups, and is used up', async () => {
    const who = identity();
    const invitation = await createInvitation(t.db, { sudo: true, email: who.email!, groups: ['family', 'readers'], actor: adminA, meta, env: closed });
    expect(invitation.delivery).toEqual({ ok: true, via: 'outbox' });
    const invited = await mailsTo(closed, who.email!);
    expect(invited).toHaveLength(1);
    expect(invited[0]!.subject).toBe('Gatehouse: you are invited');
    expect(invited[0]!.text).toContain(`${BASE_URL}/sign-in`);

    // An unverified email does not count for the invitation.
    const before = await counts();
    expect(await signIn({ ...who, emailVerified: false }, closed)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES.closed });
    expect(await counts()).toEqual(before);
    expect(await findUsableInvitation(t.db, who.email!)).not.toBeNull();

    const result = await signIn(who, closed);
    expect(result.kind).toBe('signed-in');
    if (result.kind !== 'signed-in') return;
    expect(await statusOf(result.userId)).toBe('active');
    expect(await level(result.token)).toBe('one_factor');
    expect(await groupsOf(result.userId)).toEqual(['family', 'readers']);
    const row = await t.db.invitation.findUnique({ where: { id: invitation.id }, select: { usedAt: true, usedById: true, revokedAt: true } });
    expect(row!.usedAt).not.toBeNull();
    expect(row!.usedById).toBe(result.userId);
    expect(row!.revokedAt).toBeNull();
    expect((await audit('signup.approved', { targetId: result.userId }))[0]!.data).toContain('invitation');

    // Used once: gone. Even if that account disappears, the invitation does not let anyone in again.
    expect(await findUsableInvitation(t.db, who.email!)).toBeNull();
    await t.db.user.delete({ where: { id: result.userId } });
    const again = await counts();
    expect(await signIn(who, closed)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES.closed });
    expect(await counts()).toEqual(again);
  });

  it('closed: an expired or a revoked invitation does not count', async () => {
    const late = identity();
    const expired = await createInvitation(t.db, {
      sudo: true,
      email: late.email!,
      groups: ['family'],
      actor: adminA,
      meta,
      env: closed,
      now: new Date(Date.now() - 8 * DAY),
    });
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    const revokedFor = identity();
    const revoked = await createInvitation(t.db, { sudo: true, email: revokedFor.email!, groups: ['family'], actor: adminA, meta, env: closed });
    await revokeInvitation(t.db, { invitationId: revoked.id, actor: adminA, meta });

    const before = await counts();
    expect(await signIn(late, closed)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES.closed });
    expect(await signIn(revokedFor, closed)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES.closed });
    expect(await counts()).toEqual(before);
    const rows = await t.db.invitation.findMany({ where: { id: { in: [expired.id, revoked.id] } }, select: { usedAt: true } });
    expect(rows).toEqual([{ usedAt: null }, { usedAt: null }]);
  });

  // 4 ─────────────────────────────────────────────────────────────────────────────────────────

  it('a provider that gives no email is refused under every policy; nothing is created', async () => {
    const before = await counts();
    for (const env of [open, auto, closed]) {
      const who = identity({ email: null, emailVerified: false });
      expect(await signIn(who, env)).toEqual({ kind: 'refused', message: REFUSAL_MESSAGES['no-email'] });
      expect(await t.db.identity.count({ where: { provider: who.provider, subject: who.subject } })).toBe(0);
    }
    expect(await counts()).toEqual(before);
    expect((await audit('signup.requested', { outcome: 'failure', data: { contains: 'no-email' } })).length).toBeGreaterThanOrEqual(3);
  });

  // 5 ─────────────────────────────────────────────────────────────────────────────────────────

  it('links an existing account only with a verified email and the user’s consent; then the identity signs in whatever its email', async () => {
    const user = await createTestUser(t.db);
    const party = { id: user.id, name: user.username };
    const who = identity({ email: user.email, provider: 'github', subject: String(Date.now()) });
    const before = await counts();

    expect(await signIn(who, open)).toEqual({ kind: 'refused', message: LINK_REFUSED });
    expect(await signIn({ ...who, emailVerified: false }, open)).toEqual({ kind: 'refused', message: LINK_UNVERIFIED });
    expect(await counts()).toEqual(before);
    const failures = await audit('signup.linked', { targetId: user.id, outcome: 'failure' });
    expect(failures.map((e) => e.data)).toEqual([expect.stringContaining('linking_not_allowed'), expect.stringContaining('email_unverified')]);

    await setAllowLinking(t.db, { actor: party, allow: true, meta });
    // Consent does not make an unverified email good enough.
    expect(await signIn({ ...who, emailVerified: false }, open)).toEqual({ kind: 'refused', message: LINK_UNVERIFIED });
    expect(await t.db.identity.count({ where: { userId: user.id } })).toBe(0);

    const linked = await signIn(who, open);
    expect(linked.kind).toBe('signed-in');
    if (linked.kind !== 'signed-in') return;
    expect(linked.userId).toBe(user.id);
    expect(await level(linked.token)).toBe('one_factor');
    expect(await t.db.identity.findMany({ where: { userId: user.id }, select: { provider: true, subject: true, emailVerified: true } })).toEqual([
      { provider: 'github', subject: who.subject, emailVerified: true },
    ]);
    expect(await audit('signup.linked', { targetId: user.id, outcome: 'success' })).toEqual([expect.objectContaining({ actorId: user.id })]);
    expect(await t.db.user.count()).toBe(before.users);

    // The provider now reports another (even unverified) address: the identity still signs its user in.
    const moved = await signIn({ ...who, email: `moved-${uid()}@elsewhere.test`, emailVerified: false }, closed);
    expect(moved.kind).toBe('signed-in');
    expect(userIdOf(moved)).toBe(user.id);
    expect(await t.db.user.count()).toBe(before.users);
  });

  // 6 ─────────────────────────────────────────────────────────────────────────────────────────

  it('a known identity of a rejected or disabled user is refused with the reason; of a pending user, pending', async () => {
    const waiting = await pendingUser();
    expect(await signIn(waiting.who, auto)).toEqual({ kind: 'pending', userId: waiting.userId });

    const declined = await pendingUser();
    await rejectSignup(t.db, { userId: declined.userId, reason: 'We do not know you.', actor: adminA, meta, env: open });
    const before = await counts();
    const refused = await signIn(declined.who, open);
    expect(refused.kind).toBe('refused');
    if (refused.kind === 'refused') {
      expect(refused.message).toContain('Your request for an account was declined.');
      expect(refused.message).toContain('Reason given: We do not know you.');
    }
    expect(await counts()).toEqual(before);
    expect(await liveSessions(declined.userId)).toBe(0);
    expect((await audit('auth.sign_in', { targetId: declined.userId, outcome: 'failure' })).at(-1)!.data).toContain('account_rejected');

    const who = identity({ email: `dana-${uid()}@${AUTO_DOMAIN}` });
    const active = await signIn(who, auto);
    const userId = userIdOf(active);
    await setUserStatus(t.db, { userId, status: 'disabled', actor: adminA, meta, env: auto });
    const disabled = await signIn(who, auto);
    expect(disabled.kind).toBe('refused');
    if (disabled.kind === 'refused') {
      expect(disabled.message).toContain('Your account has been disabled.');
      expect(disabled.message).not.toContain('Reason given');
    }
    await t.db.user.update({ where: { id: userId }, data: { statusReason: 'Left the family.' } });
    const withReason = await signIn(who, auto);
    expect(withReason.kind === 'refused' && withReason.message).toMatch(/Your account has been disabled\..*Reason given: Left the family\./);
    expect(await liveSessions(userId)).toBe(0);
    expect((await audit('auth.sign_in', { targetId: userId, outcome: 'failure' })).map((e) => e.data)).toEqual([
      expect.stringContaining('account_disabled'),
      expect.stringContaining('account_disabled'),
    ]);
  });

  // 7 ─────────────────────────────────────────────────────────────────────────────────────────

  it('an admin approves with groups: active, groups added, mailed; a second decision is a conflict naming who and when', async () => {
    const { who, userId } = await pendingUser();
    const decided = await approveSignup(t.db, { sudo: true, userId, groups: ['family', 'photos'], actor: adminA, meta, env: open });
    expect(decided).toMatchObject({ username: who.username, email: who.email, mailed: true });
    const user = await t.db.user.findUnique({ where: { id: userId }, select: { status: true, statusChangedById: true, statusReason: true } });
    expect(user).toEqual({ status: 'active', statusChangedById: adminA.id, statusReason: null });
    expect(await groupsOf(userId)).toEqual(['family', 'photos']);
    const ready = (await mailsTo(open, who.email!)).filter((m) => m.subject === 'Gatehouse: your account is ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]!.text).toContain(`${BASE_URL}/sign-in`);
    expect(await audit('signup.approved', { targetId: userId })).toEqual([expect.objectContaining({ actorId: adminA.id, outcome: 'success' })]);

    const conflict = new RegExp(`^${who.username} was already approved by ${ADMIN_A} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\.`);
    const before = await counts();
    await expect(approveSignup(t.db, { sudo: true, userId, groups: ['admins'], actor: adminB, meta, env: open })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(conflict),
    });
    await expect(rejectSignup(t.db, { userId, reason: 'changed my mind', actor: adminB, meta, env: open })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(conflict),
    });
    expect(await counts()).toEqual(before);
    expect(await statusOf(userId)).toBe('active');
    expect(await groupsOf(userId)).toEqual(['family', 'photos']);
    expect((await mailsTo(open, who.email!)).filter((m) => /ready|declined/.test(m.subject))).toHaveLength(1);
    expect(await audit('signup.rejected', { targetId: userId })).toEqual([]);

    // Approved, the identity signs in.
    expect((await signIn(who, open)).kind).toBe('signed-in');
  });

  it('two admins deciding at once: exactly one wins, the other is told who decided', async () => {
    for (let round = 0; round < 3; round++) {
      const { who, userId } = await pendingUser();
      const results = await Promise.allSettled([
        approveSignup(t.db, { sudo: true, userId, groups: ['family'], actor: adminA, meta, env: open }),
        rejectSignup(t.db, { userId, reason: 'No.', actor: adminB, meta, env: open }),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      const approvedWon = results[0]!.status === 'fulfilled';
      expect(rejected[0]!.reason).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(approvedWon ? new RegExp(`already approved by ${ADMIN_A} at `) : new RegExp(`already rejected by ${ADMIN_B} at `)),
      });
      const user = await t.db.user.findUnique({ where: { id: userId }, select: { status: true, statusChangedById: true, statusReason: true } });
      expect(user).toEqual(
        approvedWon
          ? { status: 'active', statusChangedById: adminA.id, statusReason: null }
          : { status: 'rejected', statusChangedById: adminB.id, statusReason: 'No.' },
      );
      expect(await groupsOf(userId)).toEqual(approvedWon ? ['family'] : []);
      expect((await audit('signup.approved', { targetId: userId })).length + (await audit('signup.rejected', { targetId: userId })).length).toBe(1);
      const decisions = (await mailsTo(open, who.email!)).filter((m) => /ready|declined/.test(m.subject));
      expect(decisions.map((m) => m.subject)).toEqual([approvedWon ? 'Gatehouse: your account is ready' : 'Gatehouse: your request was declined']);
    }
  });

  it('rejecting with a reason stores and mails it; deciding about a user that does not exist is NOT_FOUND', async () => {
    const { who, userId } = await pendingUser();
    const decided = await rejectSignup(t.db, { userId, reason: '  Not a family member.  ', actor: adminB, meta, env: open });
    expect(decided).toMatchObject({ username: who.username, mailed: true });
    expect(await t.db.user.findUnique({ where: { id: userId }, select: { status: true, statusReason: true, statusChangedById: true } })).toEqual({
      status: 'rejected',
      statusReason: 'Not a family member.',
      statusChangedById: adminB.id,
    });
    const declined = (await mailsTo(open, who.email!)).filter((m) => m.subject === 'Gatehouse: your request was declined');
    expect(declined).toHaveLength(1);
    expect(declined[0]!.text).toContain('Their reason: Not a family member.');
    expect((await audit('signup.rejected', { targetId: userId }))[0]!.data).toContain('Not a family member.');

    const before = await counts();
    await expect(approveSignup(t.db, { sudo: true, userId: 'no-such-user', groups: ['family'], actor: adminA, meta, env: open })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(rejectSignup(t.db, { userId: 'no-such-user', reason: null, actor: adminA, meta, env: open })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await counts()).toEqual(before);
    expect(await t.db.group.count({ where: { name: 'family' } })).toBe(1);
  });

  // 8 ─────────────────────────────────────────────────────────────────────────────────────────

  it('an email link signs an existing user in once; used, expired and malformed links are GONE', async () => {
    const user = await createTestUser(t.db);
    expect(await requestEmailLink(t.db, { email: user.email.toUpperCase(), returnTo: '/apps', meta, env: open })).toEqual({ message: EMAIL_LINK_SENT });
    const mails = await mailsTo(open, user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Gatehouse: your sign-in link');
    const token = await emailLinkToken(open, user.email);
    expect(token).toHaveLength(43);
    expect(await inspectEmailLink(t.db, token)).toEqual({ status: 'ok', email: user.email });

    const confirmed = await confirmEmailLink(t.db, { token, meta, env: open });
    // The refusals below come from their own client addresses (five from one would ban it,
    // lib/regulation, and the fifth would be refused for that reason).
    const hostile = { ...meta, ip: '192.0.2.62' };
    const malformed = { ...meta, ip: '192.0.2.63' };
    expect(confirmed).toMatchObject({ kind: 'signed-in', userId: user.id, returnTo: '/apps' });
    if (confirmed.kind === 'signed-in') expect(await level(confirmed.token)).toBe('one_factor');
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await audit('auth.email_link_used', { outcome: 'success', data: { contains: user.email } })).toHaveLength(1);

    await expect(confirmEmailLink(t.db, { token, meta: hostile, env: open })).rejects.toMatchObject({
      code: 'GONE',
      message: expect.stringMatching(/already been used/),
    });
    expect(await inspectEmailLink(t.db, token)).toEqual({ status: 'used' });

    await requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: open });
    const late = await emailLinkToken(open, user.email, [token]);
    await t.db.oneTimeToken.updateMany({ where: { tokenHash: sha256Hex(late) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await inspectEmailLink(t.db, late)).toEqual({ status: 'expired' });
    await expect(confirmEmailLink(t.db, { token: late, meta: hostile, env: open })).rejects.toMatchObject({
      code: 'GONE',
      message: expect.stringMatching(/expired/),
    });

    for (const bad of ['not-a-token', 'x'.repeat(43), `${token}x`]) {
      await expect(confirmEmailLink(t.db, { token: bad, meta: malformed, env: open })).rejects.toMatchObject({
        code: 'GONE',
        message: expect.stringMatching(/not valid/),
      });
    }
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect((await audit('auth.email_link_used', { outcome: 'failure' })).length).toBeGreaterThanOrEqual(5);
  });

  it('an email link for an unknown address under open-with-approval starts a pending signup', async () => {
    const email = `mailer-${uid()}@elsewhere.test`;
    await requestEmailLink(t.db, { email, returnTo: null, meta, env: open });
    expect(await t.db.user.count({ where: { email } })).toBe(0);
    const result = await confirmEmailLink(t.db, { token: await emailLinkToken(open, email), meta, env: open });
    expect(result.kind).toBe('pending');
    const userId = userIdOf(result);
    expect(await t.db.user.findUnique({ where: { id: userId }, select: { status: true, email: true, signupMethod: true, signupIp: true } })).toEqual({
      status: 'pending',
      email,
      signupMethod: 'email',
      signupIp: meta.ip,
    });
    expect(await t.db.identity.count({ where: { userId } })).toBe(0);
    expect(await t.db.session.count({ where: { userId } })).toBe(0);
    expect((await mailsTo(open, email)).map((m) => m.subject).sort()).toEqual(['Gatehouse: we received your request', 'Gatehouse: your sign-in link']);
  });

  it('closed: an email link is neither sent nor stored for an address that could not sign up; an invited one is', async () => {
    const email = `closed-${uid()}@elsewhere.test`;
    const before = await counts();
    expect(await requestEmailLink(t.db, { email, returnTo: null, meta, env: closed })).toEqual({ message: EMAIL_LINK_SENT });
    expect(await mailsTo(closed, email)).toEqual([]);
    expect(await t.db.oneTimeToken.count({ where: { email } })).toBe(0);
    expect(await counts()).toEqual(before);
    expect(await audit('auth.email_link_sent', { outcome: 'failure', data: { contains: email } })).toEqual([
      expect.objectContaining({ data: expect.stringContaining('signups_closed') }),
    ]);

    const invited = `invited-${uid()}@elsewhere.test`;
    await createInvitation(t.db, { sudo: true, email: invited, groups: ['readers'], actor: adminA, meta, env: closed });
    await requestEmailLink(t.db, { email: invited, returnTo: null, meta, env: closed });
    const result = await confirmEmailLink(t.db, { token: await emailLinkToken(closed, invited), meta, env: closed });
    expect(result.kind).toBe('signed-in');
    const userId = userIdOf(result);
    expect(await t.db.user.findUnique({ where: { id: userId }, select: { status: true, signupMethod: true } })).toEqual({
      status: 'active',
      signupMethod: 'email',
    });
    expect(await groupsOf(userId)).toEqual(['readers']);
  });

  it('at most three open links per address: the fourth request sends nothing', async () => {
    const user = await createTestUser(t.db);
    for (let i = 0; i < 3; i++) await requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: open });
    expect(await mailsTo(open, user.email)).toHaveLength(3);
    expect(await t.db.oneTimeToken.count({ where: { email: user.email } })).toBe(3);
    expect(await requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: open })).toEqual({ message: EMAIL_LINK_SENT });
    expect(await mailsTo(open, user.email)).toHaveLength(3);
    expect(await t.db.oneTimeToken.count({ where: { email: user.email } })).toBe(3);
    expect(await audit('auth.email_link_sent', { outcome: 'failure', data: { contains: user.email } })).toEqual([
      expect.objectContaining({ data: expect.stringContaining('too_many_open_links') }),
    ]);
  });

  it('a burst of link requests at once still leaves at most three open links', async () => {
    const user = await createTestUser(t.db);
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: open })));
    expect(answers).toEqual(Array.from({ length: 6 }, () => ({ message: EMAIL_LINK_SENT })));
    expect(await t.db.oneTimeToken.count({ where: { email: user.email, usedAt: null } })).toBeLessThanOrEqual(3);
    expect((await mailsTo(open, user.email)).length).toBeLessThanOrEqual(3);
  });

  it('with GATEHOUSE_EMAIL_SIGN_IN=false asking for a link is FORBIDDEN', async () => {
    const user = await createTestUser(t.db);
    expect(emailOff.signup.emailSignIn).toBe(false);
    await expect(requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: emailOff })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.oneTimeToken.count({ where: { email: user.email } })).toBe(0);
    expect(await mailsTo(emailOff, user.email)).toEqual([]);
  });

  // 9 ─────────────────────────────────────────────────────────────────────────────────────────

  it('two first sign-ins of the same identity at once make one user and one identity', async () => {
    for (let round = 0; round < 3; round++) {
      const who = identity();
      const [first, second] = await Promise.all([signIn(who, open), signIn(who, open)]);
      expect(first.kind).toBe('pending');
      expect(second.kind).toBe('pending');
      expect(userIdOf(first)).toBe(userIdOf(second));
      expect(await t.db.user.count({ where: { email: who.email! } })).toBe(1);
      expect(await t.db.identity.count({ where: { provider: who.provider, subject: who.subject } })).toBe(1);
      expect(await audit('signup.requested', { targetId: userIdOf(first) })).toHaveLength(1);
      expect(await mailsTo(open, who.email!)).toHaveLength(1);
    }
    const active = identity({ email: `twin-${uid()}@${AUTO_DOMAIN}` });
    const both = await Promise.all([signIn(active, auto), signIn(active, auto)]);
    expect(both.map((r) => r.kind)).toEqual(['signed-in', 'signed-in']);
    expect(userIdOf(both[0]!)).toBe(userIdOf(both[1]!));
    expect(await t.db.user.count({ where: { email: active.email! } })).toBe(1);
    expect(await t.db.identity.count({ where: { provider: active.provider, subject: active.subject } })).toBe(1);
  });

  it('two identities racing for one invitation: one account, the invitation used once', async () => {
    const email = `race-${uid()}@elsewhere.test`;
    const invitation = await createInvitation(t.db, { sudo: true, email, groups: ['family'], actor: adminA, meta, env: closed });
    const results = await Promise.all([signIn(identity({ email, provider: 'github' }), closed), signIn(identity({ email, provider: 'google' }), closed)]);
    expect(await t.db.user.count({ where: { email } })).toBe(1);
    const user = await t.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, status: true } });
    expect(user.status).toBe('active');
    expect(results.filter((r) => r.kind === 'signed-in')).toHaveLength(1);
    // The loser meets an existing account it may not link to.
    expect(results.filter((r) => r.kind === 'refused')).toEqual([{ kind: 'refused', message: LINK_REFUSED }]);
    expect(await t.db.identity.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.db.invitation.findUnique({ where: { id: invitation.id }, select: { usedById: true } })).toEqual({ usedById: user.id });
  });

  // 10 ────────────────────────────────────────────────────────────────────────────────────────

  it('invitations: none for an existing account, a new one replaces the open one, revoking twice is a conflict, and the list tells the states', async () => {
    const existing = await createTestUser(t.db);
    const before = await counts();
    await expect(createInvitation(t.db, { sudo: true, email: existing.email, groups: [], actor: adminA, meta, env: open })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${existing.email} already has an account (${existing.username}, active).`,
    });
    expect(await counts()).toEqual(before);
    expect(await mailsTo(open, existing.email)).toEqual([]);

    const email = `invite-${uid()}@elsewhere.test`;
    const first = await createInvitation(t.db, { sudo: true, email, groups: ['family'], actor: adminA, meta, env: open });
    const second = await createInvitation(t.db, { sudo: true, email, groups: ['readers'], actor: adminB, meta, env: open });
    expect(await findUsableInvitation(t.db, email)).toEqual({ id: second.id, groups: ['readers'] });
    await expect(revokeInvitation(t.db, { invitationId: first.id, actor: adminA, meta })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already revoked/),
    });
    expect(await revokeInvitation(t.db, { invitationId: second.id, actor: adminA, meta })).toEqual({ email });
    await expect(revokeInvitation(t.db, { invitationId: second.id, actor: adminA, meta })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already revoked/),
    });
    expect(await audit('signup.invitation_revoked', { data: { contains: email } })).toHaveLength(1);
    await expect(revokeInvitation(t.db, { invitationId: 'no-such-invitation', actor: adminA, meta })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const openOne = await createInvitation(t.db, {
      sudo: true,
      email: `open-${uid()}@elsewhere.test`,
      groups: ['family', 'readers'],
      actor: adminA,
      meta,
      env: open,
    });
    const expired = await createInvitation(t.db, {
      sudo: true,
      email: `expired-${uid()}@elsewhere.test`,
      groups: [],
      actor: adminA,
      meta,
      env: open,
      now: new Date(Date.now() - 8 * DAY),
    });
    const usedBy = identity();
    const used = await createInvitation(t.db, { sudo: true, email: usedBy.email!, groups: [], actor: adminA, meta, env: closed });
    expect((await signIn(usedBy, closed)).kind).toBe('signed-in');
    await expect(revokeInvitation(t.db, { invitationId: used.id, actor: adminA, meta })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already used/),
    });

    const states = new Map((await listInvitations(t.db)).map((i) => [i.id, i]));
    expect(states.get(first.id)?.state).toBe('revoked');
    expect(states.get(second.id)?.state).toBe('revoked');
    expect(states.get(openOne.id)).toMatchObject({ state: 'open', groups: ['family', 'readers'] });
    expect(states.get(expired.id)?.state).toBe('expired');
    expect(states.get(used.id)?.state).toBe('used');
  });

  // 11 ────────────────────────────────────────────────────────────────────────────────────────

  it('unlinking: not the only way in of a user without a password; with a password it is removed; never someone else’s', async () => {
    const onlyWay = identity({ email: `solo-${uid()}@${AUTO_DOMAIN}` });
    const soloId = userIdOf(await signIn(onlyWay, auto));
    const solo = await t.db.user.findUniqueOrThrow({ where: { id: soloId }, select: { id: true, username: true } });
    const listed = await listLinkedIdentities(t.db, soloId);
    expect(listed).toMatchObject({ hasPassword: false, allowLinking: false });
    expect(listed.identities).toHaveLength(1);
    await expect(unlinkIdentity(t.db, { actor: { id: solo.id, name: solo.username }, identityId: listed.identities[0]!.id, meta })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/only sign-in provider/),
    });
    expect(await t.db.identity.count({ where: { userId: soloId } })).toBe(1);
    expect(await audit('signup.unlinked', { actorId: soloId })).toEqual([]);

    const user = await createTestUser(t.db);
    const party = { id: user.id, name: user.username };
    await setAllowLinking(t.db, { actor: party, allow: true, meta });
    const who = identity({ email: user.email, provider: 'google' });
    expect((await signIn(who, open)).kind).toBe('signed-in');
    const mine = (await listLinkedIdentities(t.db, user.id)).identities;
    expect(mine.map((i) => i.provider)).toEqual(['google']);

    // Someone else's id: not found, and nothing removed.
    await expect(unlinkIdentity(t.db, { actor: party, identityId: listed.identities[0]!.id, meta })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(unlinkIdentity(t.db, { actor: { id: solo.id, name: solo.username }, identityId: mine[0]!.id, meta })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await t.db.identity.count({ where: { userId: { in: [soloId, user.id] } } })).toBe(2);

    expect(await unlinkIdentity(t.db, { actor: party, identityId: mine[0]!.id, meta })).toEqual({ provider: 'google' });
    expect(await t.db.identity.count({ where: { userId: user.id } })).toBe(0);
    expect(await audit('signup.unlinked', { actorId: user.id })).toEqual([
      expect.objectContaining({ outcome: 'success', data: expect.stringContaining('google') }),
    ]);
  });
});
