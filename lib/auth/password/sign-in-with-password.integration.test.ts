import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, TEST_PASSWORD } from '../../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { validateSession } from '../../sessions/validate-session';
import { needsRehash } from './password-hash';
import { signInWithPassword, WRONG_CREDENTIALS } from './sign-in-with-password';

const meta = { ip: '192.0.2.10', userAgent: 'vitest' };
const DAY = 86_400_000;

describe.each(DIALECTS)('password sign-in on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const signIn = (login: string, password: string) => signInWithPassword(t.db, { login, password, meta, sessionMaxAgeMs: 7 * DAY });

  it('signs in with the username or the email (any case), creating a one_factor session and an audit event', async () => {
    const user = await createTestUser(t.db);
    for (const login of [user.username, user.email.toUpperCase(), `  ${user.username}  `]) {
      const result = await signIn(login, TEST_PASSWORD);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const check = await validateSession(result.token, { db: t.db, idleTimeoutMs: DAY });
      expect(check.status).toBe('ok');
      if (check.status === 'ok') {
        expect(check.user.username).toBe(user.username);
        expect(check.session.level).toBe('one_factor');
      }
    }
    const events = await t.db.auditEvent.findMany({ where: { type: 'auth.sign_in', targetId: user.id, outcome: 'success' } });
    expect(events).toHaveLength(3);
    expect(events[0]!.ip).toBe('192.0.2.10');
    const session = await t.db.session.findFirst({ where: { userId: user.id }, select: { tokenHash: true, ip: true } });
    expect(session!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(session!.ip).toBe('192.0.2.10');
  });

  it('gives the same message for an unknown user and a wrong password, and creates no session', async () => {
    const user = await createTestUser(t.db);
    const wrong = await signIn(user.username, 'not the password at all');
    const unknown = await signIn('nobody-here', TEST_PASSWORD);
    expect(wrong).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(unknown).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    const failures = await t.db.auditEvent.findMany({ where: { type: 'auth.sign_in', outcome: 'failure' }, select: { data: true } });
    expect(failures.some((f) => f.data?.includes('unknown_user'))).toBe(true);
    expect(failures.every((f) => !f.data?.includes(TEST_PASSWORD))).toBe(true);
  });

  it('refuses pending, disabled and rejected accounts even with the right password', async () => {
    for (const status of ['pending', 'disabled', 'rejected']) {
      const user = await createTestUser(t.db, { status });
      const result = await signIn(user.username, TEST_PASSWORD);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toBe(WRONG_CREDENTIALS);
      expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    }
  });

  it('refuses a user without a password (invited, link not used yet)', async () => {
    const user = await createTestUser(t.db, { password: null });
    expect(await signIn(user.username, '')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(user.username, TEST_PASSWORD)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
  });

  it('re-hashes a password stored with weaker argon2 parameters at the next sign-in', async () => {
    const user = await createTestUser(t.db);
    const weak = await hash(TEST_PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.db.user.update({ where: { id: user.id }, data: { passwordHash: weak } });
    expect((await signIn(user.username, TEST_PASSWORD)).ok).toBe(true);
    const stored = await t.db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored!.passwordHash).not.toBe(weak);
    expect(needsRehash(stored!.passwordHash!)).toBe(false);
    expect((await signIn(user.username, TEST_PASSWORD)).ok).toBe(true);
  });

  it('refuses a 1 MiB password without hashing it', async () => {
    const user = await createTestUser(t.db);
    const started = Date.now();
    // Its own client address: the failures of the tests above, from `meta.ip`, would otherwise
    // add up to a ban (lib/regulation) and this attempt would be refused for that reason instead.
    const huge = await signInWithPassword(t.db, {
      login: user.username,
      password: 'x'.repeat(1024 * 1024),
      meta: { ...meta, ip: '192.0.2.11' },
      sessionMaxAgeMs: 7 * DAY,
    });
    expect(huge).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
