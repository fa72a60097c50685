/**
 * The session rules of the assurance model, on SQLite and PostgreSQL: what each sign-in and
 * proof stamps on a session, what enrolling a first (and a second) factor does to this session
 * and the user's others, the re-proofs of sudo mode, admin-rights changes refused outside sudo
 * mode, and new recovery codes that replace the old ones in one transaction or not at all.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { readOutboxMessage } from '../mail/outbox';
import { confirmFactorChangeLink } from '../mfa/confirm-factor-change-link';
import { requestFactorChangeLink } from '../mfa/request-factor-change-link';
import { enrollTotp, pendingTotp } from '../mfa/enroll-totp';
import { SECOND_FACTOR_FIRST } from '../mfa/finish-enrolment';
import { useRecoveryCode } from '../mfa/recovery-code-store';
import { totpCodeAt, totpStep, TOTP_SETTINGS } from '../mfa/totp';
import { removeGroupMember } from '../groups/remove-group-member';
import { createSession } from '../sessions/create-session';
import { validateSession } from '../sessions/validate-session';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { createUser } from '../users/create-user';
import { setUserGroups } from '../users/set-user-groups';
import { reproveWithPassword, reproveWithTotp } from './assurance-reprove';
import { readAdminsMustUseSecondFactor, setAdminsMustUseSecondFactor } from './assurance-settings';
import { signInWithPassword } from './password/sign-in-with-password';

const meta = { ip: '192.0.2.77', userAgent: 'vitest' };
const DEVICE = 'e'.repeat(43);
const IDLE = 3_600_000;

describe.each(DIALECTS)('assurance: sessions and proofs on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
  });
  afterAll(async () => {
    testEnv.restore();
    await t?.drop();
  });

  async function person(groups: string[] = []) {
    const created = await createTestUser(t.db, { groups });
    const user = { id: created.id, username: created.username, email: created.email, displayName: `Person ${created.username}` };
    return { user, login: created.username };
  }
  const session = (userId: string, level: 'one_factor' | 'two_factor' = 'one_factor') => createSession(t.db, { userId, level, meta, maxAgeMs: IDLE });
  const check = async (token: string) => validateSession(token, { db: t.db, idleTimeoutMs: IDLE });
  const row = (sessionId: string) =>
    t.db.session.findUniqueOrThrow({
      where: { id: sessionId },
      select: { level: true, factorProvenAt: true, passwordProvenAt: true, revokedAt: true, revokedReason: true },
    });

  async function lastLink(email: string): Promise<string> {
    const dir = testEnv.env.outboxDir;
    for (const file of readdirSync(dir).sort().reverse()) {
      const message = await readOutboxMessage(dir, file);
      if (message?.to.includes(email)) return message.text.match(/\/device\/([A-Za-z0-9_-]{43})/)![1]!;
    }
    throw new Error(`no mail to ${email}`);
  }

  /** Adds an authenticator app through the link, finishing in `sessionId`. */
  async function addTotp(user: Awaited<ReturnType<typeof person>>['user'], sessionId: string, db: Db = t.db) {
    await requestFactorChangeLink(db, { user, action: 'add_totp', browserId: DEVICE, meta, env: testEnv.env });
    const outcome = await confirmFactorChangeLink(db, { token: await lastLink(user.email), user, browserId: DEVICE, meta, env: testEnv.env });
    if (outcome.kind !== 'grant') throw new Error('expected a grant');
    const { secret } = await pendingTotp(db, { grant: outcome.grant, user, browserId: DEVICE, env: testEnv.env });
    const at = Date.now();
    const enrolled = await enrollTotp(db, {
      grant: outcome.grant,
      user,
      sessionId,
      browserId: DEVICE,
      meta,
      env: testEnv.env,
      name: 'Phone',
      code: totpCodeAt(secret, at),
    });
    return { secret, at, enrolled };
  }
  /** A code of a later step than `after`, still inside the accepted window. */
  const nextCode = (secret: string, after: number) => totpCodeAt(secret, Math.max(totpStep(after) + 1, totpStep(Date.now())) * TOTP_SETTINGS.period * 1000);

  it('stamps what each sign-in proved: a password sign-in the password, a two-factor session its factor, nothing else', async () => {
    const { user, login } = await person();
    const before = Date.now();
    const signedIn = await signInWithPassword(t.db, { login, password: TEST_PASSWORD, meta, sessionMaxAgeMs: IDLE });
    if (!signedIn.ok) throw new Error(signedIn.message);
    const stamped = await row(signedIn.sessionId);
    expect(stamped.level).toBe('one_factor');
    expect(stamped.factorProvenAt).toBeNull();
    expect(stamped.passwordProvenAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const passkeyLike = await session(user.id, 'two_factor');
    expect((await row(passkeyLike.sessionId)).factorProvenAt).not.toBeNull();
    // A provider or email-link sign-in proves neither.
    expect(await row((await session(user.id)).sessionId)).toMatchObject({ factorProvenAt: null, passwordProvenAt: null });
  });

  it('never counts a stored two_factor level without a proven factor, and reads whether the user has a factor', async () => {
    const { user } = await person();
    const s = await session(user.id);
    await t.db.session.update({ where: { id: s.sessionId }, data: { level: 'two_factor' } });
    const seen = await check(s.token);
    expect(seen.status === 'ok' && [seen.session.level, seen.user.hasSecondFactor]).toEqual(['one_factor', false]);
  });

  it("the first factor lifts this session and ends the user's other one-factor sessions, audited; other users are untouched", async () => {
    const { user } = await person();
    const here = await session(user.id);
    const elsewhere = [await session(user.id), await session(user.id)];
    const stranger = await person();
    const theirs = await session(stranger.user.id);
    const { enrolled } = await addTotp(user, here.sessionId);
    expect(enrolled).toMatchObject({ first: true, endedSessions: 2 });
    expect(enrolled.recoveryCodes).toHaveLength(10);
    const lifted = await check(here.token);
    expect(lifted.status === 'ok' && [lifted.session.level, lifted.user.hasSecondFactor]).toEqual(['two_factor', true]);
    expect((await row(here.sessionId)).factorProvenAt).not.toBeNull();
    for (const other of elsewhere) {
      expect(await row(other.sessionId)).toMatchObject({ revokedReason: 'first_factor' });
      expect((await check(other.token)).status).toBe('invalid');
    }
    expect((await check(theirs.token)).status).toBe('ok');
    const events = await t.db.auditEvent.findMany({ where: { type: 'session.revoked', targetId: user.id }, select: { data: true, actorId: true } });
    expect(events).toEqual([{ data: JSON.stringify({ reason: 'first_factor', count: 2 }), actorId: user.id }]);
  });

  it('a second factor needs a two-factor session, and adding it neither lifts nor ends anything', async () => {
    const { user } = await person();
    const first = await session(user.id);
    await addTotp(user, first.sessionId);
    // A password-only session made afterwards (the step not passed) cannot add another factor.
    const passwordOnly = await session(user.id);
    await expect(addTotp(user, passwordOnly.sessionId)).rejects.toThrow(SECOND_FACTOR_FIRST);
    expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(1);
    expect((await row(passwordOnly.sessionId)).level).toBe('one_factor');
    // From the two-factor session it works; the other session stays as it was.
    const provenBefore = (await row(first.sessionId)).factorProvenAt;
    const { enrolled } = await addTotp(user, first.sessionId);
    expect(enrolled).toMatchObject({ first: false, endedSessions: 0, recoveryCodes: null });
    expect((await row(first.sessionId)).factorProvenAt).toEqual(provenBefore);
    expect(await row(passwordOnly.sessionId)).toMatchObject({ level: 'one_factor', revokedAt: null });
  });

  it('a re-proof with the factor lifts and stamps the session; the password is refused for a user who has a factor', async () => {
    const { user } = await person();
    const first = await session(user.id);
    const { secret, at } = await addTotp(user, first.sessionId);
    const later = await session(user.id);
    const reprover = { ...user, hasSecondFactor: true };
    await expect(reproveWithPassword(t.db, { user: reprover, sessionId: later.sessionId, meta, env: testEnv.env, password: TEST_PASSWORD })).rejects.toThrow(
      /confirm with it/,
    );
    const before = Date.now();
    await reproveWithTotp(t.db, { user: reprover, sessionId: later.sessionId, meta, env: testEnv.env, code: nextCode(secret, at) });
    const stamped = await row(later.sessionId);
    expect(stamped.level).toBe('two_factor');
    expect(stamped.factorProvenAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await t.db.auditEvent.count({ where: { type: 'auth.reauthenticated', actorId: user.id, outcome: 'success' } })).toBe(1);
  });

  it('a user without a factor re-proves with the password: a right one stamps, a wrong one is counted and audited', async () => {
    const { user } = await person();
    const s = await session(user.id);
    const reprover = { ...user, hasSecondFactor: false };
    const wrongMeta = { ...meta, ip: '192.0.2.78' };
    await expect(
      reproveWithPassword(t.db, { user: reprover, sessionId: s.sessionId, meta: wrongMeta, env: testEnv.env, password: 'not the password at all' }),
    ).rejects.toThrow(/not right/);
    expect((await row(s.sessionId)).passwordProvenAt).toBeNull();
    expect(await t.db.credentialFailure.count({ where: { subject: `user:${user.id}` } })).toBeGreaterThanOrEqual(1);
    expect(await t.db.auditEvent.count({ where: { type: 'auth.reauthenticated', actorId: user.id, outcome: 'failure' } })).toBe(1);
    await reproveWithPassword(t.db, { user: reprover, sessionId: s.sessionId, meta, env: testEnv.env, password: TEST_PASSWORD });
    expect((await row(s.sessionId)).passwordProvenAt).not.toBeNull();
    expect((await row(s.sessionId)).level).toBe('one_factor');
  });

  it('making or unmaking an admin outside sudo mode is refused and changes nothing; other group changes are not', async () => {
    const actor = { id: 'admin-actor', name: 'admin-actor' };
    const { user } = await person(['family']);
    await expect(
      setUserGroups(t.db, { userId: user.id, groups: ['family', 'admins'], expectedGroups: ['family'], sudo: false, actor, meta }),
    ).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    expect(await t.db.userGroup.count({ where: { userId: user.id } })).toBe(1);
    await setUserGroups(t.db, { userId: user.id, groups: ['family', 'paperless'], expectedGroups: ['family'], sudo: false, actor, meta });
    await setUserGroups(t.db, { userId: user.id, groups: ['family', 'paperless', 'admins'], expectedGroups: ['family', 'paperless'], sudo: true, actor, meta });
    await expect(
      setUserGroups(t.db, { userId: user.id, groups: ['family'], expectedGroups: ['admins', 'family', 'paperless'], sudo: false, actor, meta }),
    ).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    const admins = await t.db.group.findUniqueOrThrow({ where: { name: 'admins' }, select: { id: true } });
    await expect(removeGroupMember(t.db, { groupId: admins.id, userId: user.id, sudo: false, actor, meta })).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    expect(await t.db.userGroup.count({ where: { userId: user.id } })).toBe(3);
    const username = `made-${Date.now().toString(36)}`;
    const create = (sudo: boolean) =>
      createUser(t.db, {
        username,
        email: `${username}@example.test`,
        displayName: 'Made',
        groups: ['admins'],
        sudo,
        actor,
        meta,
        baseUrl: 'http://localhost:9091',
        appName: 'G',
        passwordLinkTtlMs: 60_000,
      });
    await expect(create(false)).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    expect(await t.db.user.count({ where: { username } })).toBe(0);
  });

  it('keeps "admins must use a second factor" on until turned off, audited once per change', async () => {
    expect(await readAdminsMustUseSecondFactor(t.db)).toBe(true);
    const actor = { id: 'a1', name: 'a1' };
    expect(await setAdminsMustUseSecondFactor(t.db, { required: true, actor, meta })).toEqual({ changed: false });
    expect(await setAdminsMustUseSecondFactor(t.db, { required: false, actor, meta })).toEqual({ changed: true });
    expect(await readAdminsMustUseSecondFactor(t.db)).toBe(false);
    await setAdminsMustUseSecondFactor(t.db, { required: true, actor, meta });
    expect(await t.db.auditEvent.count({ where: { type: 'auth.admins_second_factor_changed' } })).toBe(2);
  });

  it('new recovery codes replace the old ones in one transaction: when it fails, the old codes still work', async () => {
    const { user } = await person();
    const s = await session(user.id);
    const { enrolled } = await addTotp(user, s.sessionId);
    const old = enrolled.recoveryCodes!;
    // The same use case against a database whose audit write for the new codes fails.
    const failing = t.db.$extends({
      query: {
        auditEvent: {
          async create({ args, query }) {
            if (args.data.type === 'mfa.recovery_codes_generated') throw new Error('disk full');
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    await requestFactorChangeLink(t.db, { user, action: 'recovery_codes', browserId: DEVICE, meta, env: testEnv.env });
    const token = await lastLink(user.email);
    await expect(confirmFactorChangeLink(failing, { token, user, browserId: DEVICE, meta, env: testEnv.env })).rejects.toThrow('disk full');
    expect(await t.db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    expect(await useRecoveryCode(t.db, { userId: user.id, input: old[0]!, key: testEnv.env.secrets.signingKey })).toMatchObject({ ok: true });
    // The link was not used up either: it works now, and then the old codes are gone.
    const outcome = await confirmFactorChangeLink(t.db, { token, user, browserId: DEVICE, meta, env: testEnv.env });
    if (outcome.kind !== 'recovery-codes') throw new Error('expected codes');
    expect(outcome.codes).toHaveLength(10);
    expect(await useRecoveryCode(t.db, { userId: user.id, input: old[1]!, key: testEnv.env.secrets.signingKey })).toEqual({ ok: false, reason: 'wrong' });
    expect(await useRecoveryCode(t.db, { userId: user.id, input: outcome.codes[0]!, key: testEnv.env.secrets.signingKey })).toMatchObject({
      ok: true,
      remaining: 9,
    });
  });
});
