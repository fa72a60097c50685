/**
 * Every credential check under a burst of N parallel attempts (real Promise.all against the real
 * database, SQLite and PostgreSQL), as an attacker with a script would send them: exactly the
 * allowed number succeed, the rest get a clear refusal, and nothing is lost or doubled (rows and
 * audit events counted). Regulation (lib/regulation) allows at most `maxFailures` credentials to
 * be looked at per user and per address within the window: the rest are refused unchecked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithPassword, WRONG_CREDENTIALS } from '../auth/password/sign-in-with-password';
import { sealSecret } from '../crypto';
import { issueOneTimeToken } from '../links/one-time-token';
import { passkeySignInOptions, signInWithPasskey } from '../auth/passkey/sign-in-with-passkey';
import { hashRecoveryCode, normalizeRecoveryCode } from '../mfa/recovery-codes';
import { passRecoveryCode, passTotp, passWebauthn, webauthnStepOptions } from '../mfa/second-factor-step';
import { generateTotpSecret, totpCodeAt } from '../mfa/totp';
import { finishAuthentication, startAuthentication } from '../mfa/webauthn/authentication';
import { relyingPartyOf } from '../mfa/webauthn/relying-party';
import { seedPasskey } from '../../test/support/webauthn/seed-passkey';
import { DEFAULT_REGULATION } from '../regulation/credentials';
import { createSession } from '../sessions/create-session';
import { confirmEmailLink } from '../auth/email-link/confirm-email-link';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { burst, countBy, refusal, warmPool } from './burst';

const N = 30;
const MAX = DEFAULT_REGULATION.maxFailures;
/** What a refused attempt says: a ban in force, or too many attempts still being checked. Never whether the credential was right. */
const SIGN_IN_BAN = /^Too many failed sign-ins\. Try again in (10 minutes|a moment)\.$/;
const STEP_BAN = /^Too many failed attempts\. Try again in (10 minutes|a moment)\.$/;
let ipCounter = 0;
/** A fresh documentation address per test, so bans never leak from one test into another. */
const newIp = () => `203.0.113.${++ipCounter}`;
const metaFrom = (ip: string) => ({ ip, userAgent: 'vitest burst' });

describe.each(DIALECTS)('credential checks under a burst of %s attempts', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
  });
  afterAll(async () => {
    testEnv?.restore();
    await t?.drop();
  });

  const rp = () => relyingPartyOf(testEnv.env);
  const failuresOf = (subject: string) => t.db.credentialFailure.count({ where: { subject } });
  const locksOf = (subject: string) => t.db.credentialLock.count({ where: { subject } });
  const bannedAudits = async (userId: string, ip: string) =>
    (await t.db.auditEvent.findMany({ where: { type: 'regulation.banned' }, select: { targetId: true, data: true } })).filter(
      (e) => e.targetId === userId || e.data?.includes(`"address":"${ip}"`),
    ).length;
  const reasonOf = (data: string | null) => (data ? ((JSON.parse(data) as { reason?: string }).reason ?? 'none') : 'none');

  /**
   * One right credential sent N times at once: exactly one attempt passes; at least MAX attempts
   * were admitted (an attempt is refused only when MAX are failed or in flight), so the others
   * that were checked failed, MAX - 1 or MAX of them (whether one more got in after the success
   * took its reservation back is a matter of timing); all the rest were refused unchecked. The
   * MAX-th failure, if any, places the ban and says so.
   */
  async function expectOneOfBurst(input: { refused: unknown[]; subjects: string[]; ban: RegExp; failure: string }) {
    const failures = await failuresOf(input.subjects[0]!);
    expect(failures).toBeGreaterThanOrEqual(MAX - 1);
    expect(failures).toBeLessThanOrEqual(MAX);
    for (const subject of input.subjects) {
      expect(await failuresOf(subject)).toBe(failures);
      expect(await locksOf(subject)).toBe(failures === MAX ? 1 : 0);
    }
    const told = failures === MAX ? MAX - 1 : failures;
    const why = countBy(input.refused.map(refusal), (r) => (r.code === 'RATE_LIMITED' && input.ban.test(r.message) ? 'banned' : `${r.code}: ${r.message}`));
    expect(why).toEqual({ [input.failure]: told, banned: N - 1 - told });
    return failures;
  }

  /** A user with a one-factor session per attempt (each attempt upgrades its own). */
  async function stepUser(count: number) {
    const user = await createTestUser(t.db);
    const stepper = { id: user.id, username: user.username, email: user.email, displayName: user.username };
    const sessions = [];
    for (let i = 0; i < count; i++)
      sessions.push(await createSession(t.db, { userId: user.id, level: 'one_factor', meta: metaFrom('192.0.2.1'), maxAgeMs: 3_600_000 }));
    return { user: stepper, sessions };
  }
  const twoFactorSessions = (userId: string) => t.db.session.count({ where: { userId, level: 'two_factor' } });

  /** A registered passkey for `userId`, stored the way enrolment stores it. */
  const passkeyFor = (userId: string) => seedPasskey(t.db, userId);

  it(`password: ${N} sign-ins at once for one user from one address check at most ${MAX} passwords; the right one, sent last, is refused unchecked`, async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    const passwords = [...Array.from({ length: N - 1 }, (_, i) => `wrong password ${i}`), TEST_PASSWORD];
    await warmPool(t.db);
    const { passed } = await burst(N, (i) =>
      signInWithPassword(t.db, { login: user.username, password: passwords[i]!, meta: metaFrom(ip), sessionMaxAgeMs: 3_600_000 }),
    );
    const events = await t.db.auditEvent.findMany({ where: { type: 'auth.sign_in', targetId: user.id }, select: { outcome: true, data: true } });
    const reasons = countBy(events, (e) => (e.outcome === 'success' ? 'signed in' : reasonOf(e.data)));
    expect(reasons).toEqual({ wrong_password: MAX, banned: N - MAX });
    expect(passed.map((r) => r.ok)).toEqual(Array.from({ length: N }, () => false));
    const messages = passed.map((r) => (r.ok ? 'signed in' : r.message));
    expect(messages.filter((m) => m === WRONG_CREDENTIALS)).toHaveLength(MAX - 1);
    expect(messages.filter((m) => SIGN_IN_BAN.test(m))).toHaveLength(N - MAX + 1);
    expect(messages[N - 1]).toMatch(SIGN_IN_BAN);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    // Exactly the checked failures are counted; exactly one ban per subject, audited once.
    expect(await failuresOf(`user:${user.id}`)).toBe(MAX);
    expect(await failuresOf(`ip:${ip}`)).toBe(MAX);
    expect(await locksOf(`user:${user.id}`)).toBe(1);
    expect(await locksOf(`ip:${ip}`)).toBe(1);
    expect(await bannedAudits(user.id, ip)).toBe(2);
  });

  it(`password: ${N} guesses at once for a login naming no account, each from its own address, are answered as an account's would be`, async () => {
    const nobody = `nobody-${dialect}-${Date.now().toString(36)}`;
    const account = await createTestUser(t.db);
    await warmPool(t.db);
    const guess = (login: string) =>
      burst(N, (i) => signInWithPassword(t.db, { login, password: `guess ${i}`, meta: metaFrom(newIp()), sessionMaxAgeMs: 3_600_000 }));
    const answersFor = async (login: string) =>
      countBy((await guess(login)).passed, (r) =>
        r.ok ? 'signed in' : r.message === WRONG_CREDENTIALS ? 'wrong' : SIGN_IN_BAN.test(r.message) ? 'banned' : r.message,
      );
    // The same counts of answers whether the name has an account or not: MAX - 1 "wrong", the rest banned.
    const forNobody = await answersFor(nobody);
    const forAccount = await answersFor(account.username);
    expect(forNobody).toEqual({ wrong: MAX - 1, banned: N - MAX + 1 });
    expect(forAccount).toEqual(forNobody);
    expect(await failuresOf(`login:${nobody}`)).toBe(MAX);
    expect(await locksOf(`login:${nobody}`)).toBe(1);
    expect(await failuresOf(`user:${account.id}`)).toBe(MAX);
    expect(await locksOf(`user:${account.id}`)).toBe(1);
  });

  it(`password: ${N} right passwords at once all sign in (successes are not failures)`, async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    await warmPool(t.db);
    const { passed } = await burst(N, () =>
      signInWithPassword(t.db, { login: user.username, password: TEST_PASSWORD, meta: metaFrom(ip), sessionMaxAgeMs: 3_600_000 }),
    );
    // At most MAX are checked at the same moment; those refused while others were being checked
    // are told to try again in a moment, and nothing is counted against anyone.
    const signedIn = passed.filter((r) => r.ok).length;
    expect(signedIn).toBeGreaterThanOrEqual(MAX);
    for (const r of passed) if (!r.ok) expect(r.message).toBe('Too many failed sign-ins. Try again in a moment.');
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(signedIn);
    expect(await failuresOf(`user:${user.id}`)).toBe(0);
    expect(await failuresOf(`ip:${ip}`)).toBe(0);
    expect(await locksOf(`user:${user.id}`)).toBe(0);
  });

  it(`second factor: one authenticator code sent ${N} times at once upgrades exactly one session`, async () => {
    const { user, sessions } = await stepUser(N);
    const secret = generateTotpSecret();
    await t.db.secondFactor.create({
      data: { userId: user.id, kind: 'totp', name: 'Phone', secret: sealSecret(secret, testEnv.env.secrets.encryptionKey, `totp:${user.id}`) },
      select: { id: true },
    });
    const ip = newIp();
    const now = new Date();
    const code = totpCodeAt(secret, now.getTime());
    await warmPool(t.db);
    const { passed, refused } = await burst(N, (i) =>
      passTotp(t.db, { user, sessionId: sessions[i]!.sessionId, meta: metaFrom(ip), env: testEnv.env, code, now }),
    );
    expect(passed).toHaveLength(1);
    const failures = await expectOneOfBurst({
      refused,
      subjects: [`user:${user.id}`, `ip:${ip}`],
      ban: STEP_BAN,
      failure: 'UNAUTHORIZED: That code was already used. Wait for the next one.',
    });
    expect(await twoFactorSessions(user.id)).toBe(1);
    const audits = await t.db.auditEvent.findMany({ where: { type: 'auth.second_factor', actorId: user.id }, select: { outcome: true, data: true } });
    expect(countBy(audits, (e) => `${e.outcome} ${reasonOf(e.data)}`)).toEqual({ 'success none': 1, 'failure replayed': failures });
    expect(await bannedAudits(user.id, ip)).toBe(failures === MAX ? 2 : 0);
  });

  it(`second factor: one recovery code sent ${N} times at once is spent exactly once`, async () => {
    const { user, sessions } = await stepUser(N);
    const code = 'abcd-efgh-jkmn';
    await t.db.recoveryCode.createMany({
      data: ['abcd-efgh-jkmn', 'pqrs-tuvw-xyz2'].map((c) => ({
        userId: user.id,
        codeHash: hashRecoveryCode(normalizeRecoveryCode(c)!, testEnv.env.secrets.signingKey),
      })),
    });
    const ip = newIp();
    await warmPool(t.db);
    const { passed, refused } = await burst(N, (i) =>
      passRecoveryCode(t.db, { user, sessionId: sessions[i]!.sessionId, meta: metaFrom(ip), env: testEnv.env, code }),
    );
    expect(passed).toEqual([{ remaining: 1 }]);
    await expectOneOfBurst({
      refused,
      subjects: [`user:${user.id}`, `ip:${ip}`],
      ban: STEP_BAN,
      failure: 'UNAUTHORIZED: That recovery code is not right, or it was used already.',
    });
    expect(await t.db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(1);
    expect(await twoFactorSessions(user.id)).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: 'mfa.recovery_code_used', actorId: user.id } })).toBe(1);
  });

  it(`second factor: one security-key assertion sent ${N} times at once upgrades exactly one session`, async () => {
    const { user, sessions } = await stepUser(N);
    const key = await passkeyFor(user.id);
    const options = await webauthnStepOptions(t.db, { userId: user.id, env: testEnv.env });
    const response = key.assert({ challenge: options.challenge, rpId: rp().rpId, origin: rp().origin, counter: 1 });
    const ip = newIp();
    await warmPool(t.db);
    const { passed, refused } = await burst(N, (i) =>
      passWebauthn(t.db, { user, sessionId: sessions[i]!.sessionId, meta: metaFrom(ip), env: testEnv.env, response }),
    );
    expect(passed).toHaveLength(1);
    await expectOneOfBurst({ refused, subjects: [`user:${user.id}`, `ip:${ip}`], ban: STEP_BAN, failure: 'UNAUTHORIZED: The request expired. Start again.' });
    expect(await twoFactorSessions(user.id)).toBe(1);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0);
  });

  it(`passkey sign-in: one assertion sent ${N} times at once makes exactly one session`, async () => {
    const user = await createTestUser(t.db);
    const key = await passkeyFor(user.id);
    const options = await passkeySignInOptions(t.db, { env: testEnv.env });
    const response = key.assert({ challenge: options.challenge, rpId: rp().rpId, origin: rp().origin, counter: 1 });
    const ip = newIp();
    await warmPool(t.db);
    const { passed, refused } = await burst(N, () => signInWithPasskey(t.db, { response, meta: metaFrom(ip), env: testEnv.env }));
    expect(passed).toHaveLength(1);
    const failures = await expectOneOfBurst({
      refused,
      subjects: [`user:${user.id}`, `ip:${ip}`],
      ban: SIGN_IN_BAN,
      failure: 'UNAUTHORIZED: The request expired. Start again.',
    });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    const audits = await t.db.auditEvent.findMany({
      where: { type: 'auth.sign_in', OR: [{ targetId: user.id }, { ip }] },
      select: { outcome: true, data: true },
    });
    expect(countBy(audits, (e) => `${e.outcome} ${reasonOf(e.data)}`)).toEqual({
      'success none': 1,
      'failure challenge': failures,
      'failure banned': N - 1 - failures,
    });
  });

  it(`WebAuthn: one challenge consumed by ${N} assertions at once verifies exactly one`, async () => {
    const user = await createTestUser(t.db);
    const key = await passkeyFor(user.id);
    const options = await startAuthentication(t.db, { rp: rp(), userId: user.id, allowCredentials: [{ id: key.credentialId }] });
    // Each assertion is genuinely signed, with a growing counter: only the challenge stops them.
    const responses = Array.from({ length: N }, (_, i) => key.assert({ challenge: options.challenge, rpId: rp().rpId, origin: rp().origin, counter: i + 1 }));
    await warmPool(t.db);
    const { passed } = await burst(N, (i) => finishAuthentication(t.db, { rp: rp(), response: responses[i]!, expectedUserId: user.id }));
    expect(countBy(passed, (r) => (r.ok ? 'ok' : r.reason))).toEqual({ ok: 1, challenge: N - 1 });
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0);
  });

  it(`email sign-in link: confirmed ${N} times at once signs in exactly once`, async () => {
    const user = await createTestUser(t.db);
    const link = await issueOneTimeToken(t.db, { purpose: 'email_sign_in', ttlMs: 10 * 60_000, email: user.email });
    const ip = newIp();
    await warmPool(t.db);
    const { passed, refused } = await burst(N, () => confirmEmailLink(t.db, { token: link.token, meta: metaFrom(ip), env: testEnv.env }));
    expect(passed.map((r) => r.kind)).toEqual(['signed-in']);
    await expectOneOfBurst({ refused, subjects: [`ip:${ip}`], ban: SIGN_IN_BAN, failure: 'GONE: This sign-in link has already been used. Ask for a new one.' });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: 'auth.email_link_used', outcome: 'success', ip } })).toBe(1);
  });
});
