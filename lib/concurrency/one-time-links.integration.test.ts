/**
 * Every one-time link and grant under a burst of N uses at once (real Promise.all against the
 * real database, SQLite and PostgreSQL): the setup link, a set-password link, the device links
 * that gate factor changes, the grant that finishes adding a factor, and an invitation. Exactly
 * one use wins; every other gets a clear refusal; nothing is made twice (rows and audit events
 * counted) and what the winner was promised is what is stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_GROUP } from '../auth/account-gate';
import { verifyPassword } from '../auth/password/password-hash';
import { sha256Hex } from '../crypto';
import { issueOneTimeToken } from '../links/one-time-token';
import { confirmFactorChangeLink } from '../mfa/confirm-factor-change-link';
import { enrollTotp, pendingTotp } from '../mfa/enroll-totp';
import { enrollWebauthn, webauthnEnrollmentOptions } from '../mfa/enroll-webauthn';
import { hashRecoveryCode, normalizeRecoveryCode } from '../mfa/recovery-codes';
import { totpCodeAt } from '../mfa/totp';
import { relyingPartyOf } from '../mfa/webauthn/relying-party';
import { SoftAuthenticator } from '../../test/support/webauthn/soft-authenticator';
import { createSession } from '../sessions/create-session';
import { completeSetup } from '../setup/complete-setup';
import { SETUP_LINK_TTL_MS } from '../setup/issue-setup-link';
import { createInvitation } from '../signup/create-invitation';
import { signInWithIdentity } from '../auth/identity/sign-in-with-identity';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { setPasswordWithLink } from '../users/set-password-with-link';
import { burst, countBy, lineUp, refusal, warmPool, type LineUp } from './burst';

// Hashing the new password (argon2, before any transaction) is the slow part of these use cases
// and finishes at a different moment for each attempt, which would spread their transactions out.
// Each attempt waits at the line after hashing, so all of them reach the database at once.
let line: LineUp | null = null;
vi.mock('../auth/password/password-hash', async (original) => {
  const real = await original<typeof import('../auth/password/password-hash')>();
  return {
    ...real,
    hashPassword: async (password: string) => {
      const hash = await real.hashPassword(password);
      await line?.arrive();
      return hash;
    },
  };
});

const N = 30;
const meta = { ip: '192.0.2.90', userAgent: 'vitest burst' };
const BROWSER = 'b'.repeat(43);
const KEY = Buffer.alloc(32, 7);
const DEVICE = 'd'.repeat(43);
/** Strong enough for the password policy, and different for each attempt. */
const passwordOf = (i: number) => `winter orchard lantern ${i} under slow rain`;
const refusals = (refused: unknown[]) => countBy(refused.map(refusal), (r) => `${r.code}: ${r.message}`);

describe.each(DIALECTS)('one-time links under a burst of uses on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091', GATEHOUSE_SIGNUP_POLICY: 'closed' });
  });
  afterAll(async () => {
    testEnv?.restore();
    await t?.drop();
  });

  async function person() {
    const user = await createTestUser(t.db);
    const full = { id: user.id, username: user.username, email: user.email, displayName: `Person ${user.username}` };
    const sessions = [];
    for (let i = 0; i < N; i++) sessions.push(await createSession(t.db, { userId: user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 }));
    return { user: full, sessions };
  }

  const deviceLink = (userId: string, action: 'add_totp' | 'add_webauthn' | 'remove_factor' | 'recovery_codes', factorId?: string) =>
    issueOneTimeToken(t.db, { purpose: 'device_link', userId, ttlMs: 5 * 60_000, deviceHash: sha256Hex(DEVICE), action, data: JSON.stringify({ factorId }) });

  describe('the setup link', () => {
    let fresh: TestDatabase;
    beforeAll(async () => {
      fresh = await createTestDatabase(dialect);
    });
    afterAll(async () => fresh?.drop());
    const setup = (token: string, i: number) =>
      completeSetup(fresh.db, {
        token,
        username: `admin-${i}`,
        email: `admin-${i}@example.test`,
        displayName: `Admin ${i}`,
        password: passwordOf(i),
        meta,
        sessionMaxAgeMs: 3_600_000,
        browserId: BROWSER,
        encryptionKey: KEY,
      });
    const admins = () => fresh.db.user.findMany({ where: { groups: { some: { group: { name: ADMIN_GROUP } } } }, select: { username: true } });

    it(`used ${N} times at once makes exactly one admin`, async () => {
      const link = await issueOneTimeToken(fresh.db, { purpose: 'setup', ttlMs: SETUP_LINK_TTL_MS });
      line = lineUp(N);
      await warmPool(fresh.db);
      const { passed, refused } = await burst(N, (i) => setup(link.token, i));
      expect(passed).toHaveLength(1);
      for (const r of refused.map(refusal)) expect(r.code === 'GONE' || r.code === 'CONFLICT').toBe(true);
      expect(await admins()).toHaveLength(1);
      expect(await fresh.db.user.count()).toBe(1);
      expect(await fresh.db.session.count()).toBe(1);
      expect(await fresh.db.auditEvent.count({ where: { type: 'setup.completed' } })).toBe(1);
    });

    // Two instances starting together each print a link while no admin exists; both links work.
    it(`${N} different live setup links used at once still make one admin`, async () => {
      const again = await createTestDatabase(dialect);
      try {
        const links: { token: string }[] = [];
        for (let i = 0; i < N; i++) links.push(await issueOneTimeToken(again.db, { purpose: 'setup', ttlMs: SETUP_LINK_TTL_MS }));
        line = lineUp(N);
        await warmPool(again.db);
        const { passed, refused } = await burst(N, (i) =>
          completeSetup(again.db, {
            token: links[i]!.token,
            username: `admin-${i}`,
            email: `admin-${i}@example.test`,
            displayName: `Admin ${i}`,
            password: passwordOf(i),
            meta,
            sessionMaxAgeMs: 3_600_000,
            browserId: BROWSER,
            encryptionKey: KEY,
          }),
        );
        expect(passed).toHaveLength(1);
        expect(refusals(refused)).toEqual({ 'CONFLICT: Setup is already complete: an administrator exists. Sign in instead.': N - 1 });
        expect(await again.db.user.count()).toBe(1);
        expect(await again.db.auditEvent.count({ where: { type: 'setup.completed' } })).toBe(1);
      } finally {
        await again.drop();
      }
    });
  });

  it(`a set-password link used ${N} times at once sets one password: the winner's`, async () => {
    const user = await createTestUser(t.db);
    const link = await issueOneTimeToken(t.db, { purpose: 'password_set', userId: user.id, ttlMs: 60 * 60_000 });
    line = lineUp(N);
    await warmPool(t.db);
    const { settled, refused } = await burst(N, (i) =>
      setPasswordWithLink(t.db, { token: link.token, password: passwordOf(i), meta, sessionMaxAgeMs: 3_600_000 }),
    );
    const winners = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(refusals(refused)).toEqual({ 'GONE: This link has just been used or has expired.': N - 1 });
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, passwordOf(winners[0]!))).toBe(true);
    expect(await t.db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: 'user.password_set', targetId: user.id } })).toBe(1);
  });

  describe('device links (changing second factors)', () => {
    it(`"add an authenticator app", confirmed ${N} times at once, hands out one grant`, async () => {
      const { user } = await person();
      const link = await deviceLink(user.id, 'add_totp');
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () => confirmFactorChangeLink(t.db, { token: link.token, user, browserId: DEVICE, meta, env: testEnv.env }));
      expect(passed.map((p) => p.kind)).toEqual(['grant']);
      for (const r of refused.map(refusal)) expect(r.code).toBe('GONE');
      expect(await t.db.oneTimeToken.count({ where: { userId: user.id, purpose: 'factor_grant' } })).toBe(1);
      expect(await t.db.auditEvent.count({ where: { type: 'mfa.device_link_used', actorId: user.id, outcome: 'success' } })).toBe(1);
    });

    it(`"remove a factor", confirmed ${N} times at once, removes it once`, async () => {
      const { user } = await person();
      const factor = await t.db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'Old phone', secret: 'v1.x' }, select: { id: true } });
      const link = await deviceLink(user.id, 'remove_factor', factor.id);
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () => confirmFactorChangeLink(t.db, { token: link.token, user, browserId: DEVICE, meta, env: testEnv.env }));
      expect(passed).toEqual([{ kind: 'removed', factorName: 'Old phone' }]);
      for (const r of refused.map(refusal)) expect(r.code).toBe('GONE');
      expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(0);
      expect(await t.db.auditEvent.count({ where: { type: 'mfa.factor_removed', actorId: user.id } })).toBe(1);
    });

    it(`"new recovery codes", confirmed ${N} times at once, stores exactly the ten codes shown`, async () => {
      const { user } = await person();
      const link = await deviceLink(user.id, 'recovery_codes');
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () => confirmFactorChangeLink(t.db, { token: link.token, user, browserId: DEVICE, meta, env: testEnv.env }));
      expect(passed).toHaveLength(1);
      for (const r of refused.map(refusal)) expect(r.code).toBe('GONE');
      const shown = passed[0]!.kind === 'recovery-codes' ? passed[0]!.codes : [];
      const stored = await t.db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
      expect(stored.map((c) => c.codeHash).sort()).toEqual(
        shown.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!, testEnv.env.secrets.signingKey)).sort(),
      );
      expect(await t.db.auditEvent.count({ where: { type: 'mfa.recovery_codes_generated', actorId: user.id } })).toBe(1);
    });
  });

  describe('the factor grant (finishing adding a factor)', () => {
    async function grantFor(action: 'add_totp' | 'add_webauthn') {
      const who = await person();
      const link = await deviceLink(who.user.id, action);
      const outcome = await confirmFactorChangeLink(t.db, { token: link.token, user: who.user, browserId: DEVICE, meta, env: testEnv.env });
      if (outcome.kind !== 'grant') throw new Error('expected a grant');
      return { ...who, grant: outcome.grant };
    }

    it(`one grant used ${N} times at once adds one authenticator app, with one set of recovery codes`, async () => {
      const { user, sessions, grant } = await grantFor('add_totp');
      const { secret } = await pendingTotp(t.db, { grant, user, browserId: DEVICE, env: testEnv.env });
      const code = totpCodeAt(secret, Date.now());
      await warmPool(t.db);
      const { passed, refused } = await burst(N, (i) =>
        enrollTotp(t.db, { grant, user, sessionId: sessions[i]!.sessionId, browserId: DEVICE, meta, env: testEnv.env, name: `Phone ${i}`, code }),
      );
      expect(passed).toHaveLength(1);
      expect(passed[0]!.recoveryCodes).toHaveLength(10);
      expect(refusals(refused)).toEqual({ 'GONE: This factor has just been added, or the page expired. Check the Security page.': N - 1 });
      expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(1);
      expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
      expect(await t.db.session.count({ where: { userId: user.id, level: 'two_factor' } })).toBe(1);
      expect(await t.db.auditEvent.count({ where: { type: 'mfa.factor_added', actorId: user.id, outcome: 'success' } })).toBe(1);
    });

    it(`one grant used by ${N} security keys at once adds one`, async () => {
      const { user, sessions, grant } = await grantFor('add_webauthn');
      const rp = relyingPartyOf(testEnv.env);
      const responses: ReturnType<SoftAuthenticator['register']>[] = [];
      for (let i = 0; i < N; i++) {
        const options = await webauthnEnrollmentOptions(t.db, { grant, user, browserId: DEVICE, env: testEnv.env });
        responses.push(new SoftAuthenticator().register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id }));
      }
      await warmPool(t.db);
      const { passed, refused } = await burst(N, (i) =>
        enrollWebauthn(t.db, {
          grant,
          user,
          sessionId: sessions[i]!.sessionId,
          browserId: DEVICE,
          meta,
          env: testEnv.env,
          name: `Key ${i}`,
          response: responses[i]!,
        }),
      );
      expect(passed).toHaveLength(1);
      expect(refusals(refused)).toEqual({ 'GONE: This factor has just been added, or the page expired. Check the Security page.': N - 1 });
      expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(1);
      expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
      expect(await t.db.auditEvent.count({ where: { type: 'mfa.factor_added', actorId: user.id, outcome: 'success' } })).toBe(1);
    });
  });

  describe('an invitation', () => {
    const admin = { id: 'burst-admin', name: 'burst-admin' };
    it(`accepted by ${N} first sign-ins of the invited person at once makes one user, in the invited groups once`, async () => {
      const email = `invited-${Date.now()}@elsewhere.test`;
      const invitation = await createInvitation(t.db, { email, groups: ['family'], sudo: false, actor: admin, meta, env: testEnv.env });
      const identity = { provider: 'authentik', subject: `sub-${email}`, email, emailVerified: true, name: 'Invited Person', username: 'invited' };
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () => signInWithIdentity(t.db, { identity, meta, env: testEnv.env }));
      expect(refused).toEqual([]);
      expect(countBy(passed, (p) => p.kind)).toEqual({ 'signed-in': N });
      const users = await t.db.user.findMany({
        where: { email },
        select: { id: true, status: true, groups: { select: { group: { select: { name: true } } } } },
      });
      expect(users).toHaveLength(1);
      expect(users[0]!.status).toBe('active');
      expect(users[0]!.groups.map((g) => g.group.name)).toEqual(['family']);
      expect(await t.db.identity.count({ where: { userId: users[0]!.id } })).toBe(1);
      expect(await t.db.invitation.findUnique({ where: { id: invitation.id }, select: { usedById: true } })).toEqual({ usedById: users[0]!.id });
      expect(await t.db.auditEvent.count({ where: { type: 'signup.requested', targetId: users[0]!.id } })).toBe(1);
    });

    it(`accepted through ${N} different providers at once makes one user; the others are refused, not linked`, async () => {
      const email = `invited-many-${Date.now()}@elsewhere.test`;
      const invitation = await createInvitation(t.db, { email, groups: [], sudo: false, actor: admin, meta, env: testEnv.env });
      await warmPool(t.db);
      const { passed, refused } = await burst(N, (i) =>
        signInWithIdentity(t.db, {
          identity: { provider: `idp-${i}`, subject: `sub-${i}`, email, emailVerified: true, name: null, username: null },
          meta,
          env: testEnv.env,
        }),
      );
      expect(refused).toEqual([]);
      expect(countBy(passed, (p) => p.kind)).toEqual({ 'signed-in': 1, refused: N - 1 });
      const user = await t.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      expect(await t.db.identity.count({ where: { userId: user.id } })).toBe(1);
      expect(await t.db.invitation.findUnique({ where: { id: invitation.id }, select: { usedById: true } })).toEqual({ usedById: user.id });
    });
  });
});
