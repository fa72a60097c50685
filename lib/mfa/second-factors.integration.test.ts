/**
 * The second-factor use cases end to end through lib (the browser flows are in e2e/specs/mfa):
 * the email-link gate with its hostile cases, enrolment, the sign-in step with replay and the
 * lock, recovery codes, passkey sign-in and an admin's reset. Each refusal changes nothing and
 * leaves an audit event.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto';
import { readOutboxMessage } from '../mail/outbox';
import { createSession } from '../sessions/create-session';
import { validateSession } from '../sessions/validate-session';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { confirmFactorChangeLink } from './confirm-factor-change-link';
import { inspectFactorChangeLink } from './inspect-factor-change-link';
import { requestFactorChangeLink } from './request-factor-change-link';
import { enrollTotp, pendingTotp } from './enroll-totp';
import { enrollWebauthn, webauthnEnrollmentOptions } from './enroll-webauthn';
import { resetFactors } from './reset-factors';
import { passkeySignInOptions, signInWithPasskey } from '../auth/passkey/sign-in-with-passkey';
import { passRecoveryCode, passTotp } from './second-factor-step';
import { totpCodeAt, totpStep, TOTP_SETTINGS } from './totp';
import { SoftAuthenticator } from '../../test/support/webauthn/soft-authenticator';

const meta = { ip: '192.0.2.44', userAgent: 'vitest' };
const BROWSER_ID = 'd'.repeat(43);
const OTHER_BROWSER_ID = 'o'.repeat(43);

describe.each(DIALECTS)('second factors on %s', (dialect) => {
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

  async function person() {
    const user = await createTestUser(t.db);
    const full = { id: user.id, username: user.username, email: user.email, displayName: `Person ${user.username}` };
    const { sessionId, token } = await createSession(t.db, { userId: user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 });
    return { user: full, sessionId, token };
  }

  /** The token of the link in the newest outbox message to `email`. */
  async function lastLink(email: string): Promise<string> {
    const dir = testEnv.env.outboxDir;
    for (const file of readdirSync(dir).sort().reverse()) {
      const message = await readOutboxMessage(dir, file);
      if (message?.to.includes(email)) return message.text.match(/\/device\/([A-Za-z0-9_-]{43})/)![1]!;
    }
    throw new Error(`no mail to ${email}`);
  }

  async function linkFor(who: Awaited<ReturnType<typeof person>>, action: 'add_totp' | 'add_webauthn' | 'remove_factor' | 'recovery_codes', factorId?: string) {
    await requestFactorChangeLink(t.db, { user: who.user, action, factorId, browserId: BROWSER_ID, meta, env: testEnv.env });
    return lastLink(who.user.email);
  }

  async function withTotp() {
    const who = await person();
    const token = await linkFor(who, 'add_totp');
    const outcome = await confirmFactorChangeLink(t.db, { token, user: who.user, browserId: BROWSER_ID, meta, env: testEnv.env });
    if (outcome.kind !== 'grant') throw new Error('expected a grant');
    const { secret } = await pendingTotp(t.db, { grant: outcome.grant, user: who.user, browserId: BROWSER_ID, env: testEnv.env });
    const enrolledAt = Date.now();
    const enrolled = await enrollTotp(t.db, {
      grant: outcome.grant,
      user: who.user,
      sessionId: who.sessionId,
      browserId: BROWSER_ID,
      meta,
      env: testEnv.env,
      name: 'Phone',
      code: totpCodeAt(secret, enrolledAt),
    });
    return { ...who, secret, enrolledAt, codes: enrolled.recoveryCodes! };
  }

  const audit = (type: string, userId: string) =>
    t.db.auditEvent.findMany({ where: { type, OR: [{ actorId: userId }, { targetId: userId }] }, select: { outcome: true, data: true } });
  const level = async (token: string) => {
    const check = await validateSession(token, { db: t.db, idleTimeoutMs: 3_600_000 });
    return check.status === 'ok' ? check.session.level : check.status;
  };

  it('adds an authenticator app through the email link: stored sealed, recovery codes once, the session becomes two-factor', async () => {
    const who = await withTotp();
    expect(who.codes).toHaveLength(10);
    const stored = await t.db.secondFactor.findFirst({ where: { userId: who.user.id }, select: { secret: true, kind: true, name: true } });
    expect(stored).toMatchObject({ kind: 'totp', name: 'Phone' });
    expect(stored!.secret).toMatch(/^v1\./);
    expect(stored!.secret).not.toContain(who.secret);
    expect(await level(who.token)).toBe('two_factor');
    const link = await t.db.oneTimeToken.findFirst({ where: { userId: who.user.id, purpose: 'device_link' }, select: { tokenHash: true, deviceHash: true } });
    expect(link!.deviceHash).toBe(sha256Hex(BROWSER_ID));
  });

  it('refuses the link from another browser, another account, a second use, and after it expires', async () => {
    const who = await person();
    const token = await linkFor(who, 'add_totp');
    expect((await inspectFactorChangeLink(t.db, { token, userId: who.user.id, browserId: OTHER_BROWSER_ID })).status).toBe('other-browser');
    expect((await inspectFactorChangeLink(t.db, { token, userId: who.user.id, browserId: null })).status).toBe('other-browser');
    await expect(confirmFactorChangeLink(t.db, { token, user: who.user, browserId: OTHER_BROWSER_ID, meta, env: testEnv.env })).rejects.toThrow(
      /browser where you asked/,
    );
    const stranger = await person();
    expect((await inspectFactorChangeLink(t.db, { token, userId: stranger.user.id, browserId: BROWSER_ID })).status).toBe('other-user');
    await confirmFactorChangeLink(t.db, { token, user: who.user, browserId: BROWSER_ID, meta, env: testEnv.env });
    await expect(confirmFactorChangeLink(t.db, { token, user: who.user, browserId: BROWSER_ID, meta, env: testEnv.env })).rejects.toThrow(/already been used/);
    const late = await linkFor(who, 'add_webauthn');
    expect(
      (await inspectFactorChangeLink(t.db, { token: late, userId: who.user.id, browserId: BROWSER_ID, now: new Date(Date.now() + 6 * 60_000) })).status,
    ).toBe('expired');
    expect((await audit('mfa.device_link_used', who.user.id)).filter((e) => e.outcome === 'failure').length).toBeGreaterThanOrEqual(2);
  });

  it("will not remove another user's factor by id", async () => {
    const owner = await withTotp();
    const factor = await t.db.secondFactor.findFirst({ where: { userId: owner.user.id }, select: { id: true } });
    const attacker = await person();
    await expect(
      requestFactorChangeLink(t.db, { user: attacker.user, action: 'remove_factor', factorId: factor!.id, browserId: BROWSER_ID, meta, env: testEnv.env }),
    ).rejects.toThrow(/not yours/);
    expect(await t.db.secondFactor.count({ where: { id: factor!.id } })).toBe(1);
    expect(await audit('mfa.device_link_sent', attacker.user.id)).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });

  it('removes a factor only through its link', async () => {
    const who = await withTotp();
    const factor = await t.db.secondFactor.findFirst({ where: { userId: who.user.id }, select: { id: true } });
    const token = await linkFor(who, 'remove_factor', factor!.id);
    expect(await t.db.secondFactor.count({ where: { userId: who.user.id } })).toBe(1);
    expect(await confirmFactorChangeLink(t.db, { token, user: who.user, browserId: BROWSER_ID, meta, env: testEnv.env })).toEqual({
      kind: 'removed',
      factorName: 'Phone',
    });
    expect(await t.db.secondFactor.count({ where: { userId: who.user.id } })).toBe(0);
  });

  it('the sign-in step: a current code passes once, the same code again is a replay, wrong codes lock the step after five', async () => {
    const who = await withTotp();
    const second = await createSession(t.db, { userId: who.user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 });
    // Its own client address: the five failures below ban the address as well as the user
    // (lib/regulation), which must not refuse the other tests here.
    const stepMeta = { ...meta, ip: '192.0.2.45' };
    const step = (code: string, sessionId = second.sessionId) => passTotp(t.db, { user: who.user, sessionId, meta: stepMeta, env: testEnv.env, code });
    // The code enrolment used is refused as a replay; the next step's code passes once. Codes are
    // picked by step, so a 30-second boundary falling mid-test changes nothing.
    const replayed = totpCodeAt(who.secret, who.enrolledAt);
    await expect(step(replayed)).rejects.toThrow(/already used/);
    const next = totpCodeAt(who.secret, Math.max(totpStep(who.enrolledAt) + 1, totpStep(Date.now())) * TOTP_SETTINGS.period * 1000);
    await step(next);
    expect(await level(second.token)).toBe('two_factor');
    const third = await createSession(t.db, { userId: who.user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 });
    await expect(step(next, third.sessionId)).rejects.toThrow(/already used/);
    for (let i = 0; i < 2; i++) await expect(step('000000', third.sessionId)).rejects.toThrow(/not right/);
    // The fifth failure in two minutes (two replays, three wrong codes) locks the step.
    await expect(step('111111', third.sessionId)).rejects.toThrow(/Too many failed attempts/);
    // Locked: even the right code is refused without being checked.
    await expect(step(totpCodeAt(who.secret, Date.now() + 60_000), third.sessionId)).rejects.toThrow(/Too many failed attempts/);
    expect(await level(third.token)).toBe('one_factor');
    expect((await audit('mfa.locked', who.user.id)).length).toBe(1);
  });

  it('recovery codes work once each and the use is audited', async () => {
    const who = await withTotp();
    const again = await createSession(t.db, { userId: who.user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 });
    const use = (code: string) => passRecoveryCode(t.db, { user: who.user, sessionId: again.sessionId, meta, env: testEnv.env, code });
    expect(await use(who.codes[0]!.toUpperCase())).toEqual({ remaining: 9 });
    expect(await level(again.token)).toBe('two_factor');
    await expect(use(who.codes[0]!)).rejects.toThrow(/used already/);
    expect((await audit('mfa.recovery_code_used', who.user.id)).length).toBe(1);
  });

  it('adds a passkey and signs in with it usernameless; an admin reset removes everything and drops sessions to one factor', async () => {
    const who = await person();
    const token = await linkFor(who, 'add_webauthn');
    const outcome = await confirmFactorChangeLink(t.db, { token, user: who.user, browserId: BROWSER_ID, meta, env: testEnv.env });
    if (outcome.kind !== 'grant') throw new Error('expected a grant');
    const options = await webauthnEnrollmentOptions(t.db, { grant: outcome.grant, user: who.user, browserId: BROWSER_ID, env: testEnv.env });
    const key = new SoftAuthenticator({ multiDevice: true });
    const rp = { rpId: 'localhost', origin: 'http://localhost:9091' };
    // The user handle the browser keeps is the base64url one from the options.
    const response = key.register({ challenge: options.challenge, ...rp, userId: options.user.id });
    const enrolled = await enrollWebauthn(t.db, {
      grant: outcome.grant,
      user: who.user,
      sessionId: who.sessionId,
      browserId: BROWSER_ID,
      meta,
      env: testEnv.env,
      name: 'Laptop',
      response,
    });
    expect(enrolled.recoveryCodes).toHaveLength(10);

    const signInOptions = await passkeySignInOptions(t.db, { env: testEnv.env });
    const signedIn = await signInWithPasskey(t.db, { response: key.assert({ challenge: signInOptions.challenge, ...rp, counter: 1 }), meta, env: testEnv.env });
    expect(await level(signedIn.token)).toBe('two_factor');
    // A replayed assertion does not sign anyone in.
    await expect(
      signInWithPasskey(t.db, { response: key.assert({ challenge: signInOptions.challenge, ...rp, counter: 2 }), meta, env: testEnv.env }),
    ).rejects.toThrow();

    await resetFactors(t.db, { userId: who.user.id, actor: { id: 'admin', name: 'admin' }, meta, env: testEnv.env });
    expect(await t.db.secondFactor.count({ where: { userId: who.user.id } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { userId: who.user.id } })).toBe(0);
    expect(await level(signedIn.token)).toBe('one_factor');
    expect((await audit('mfa.reset', who.user.id)).length).toBe(1);
  });
});
