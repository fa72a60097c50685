import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_GROUP } from '../auth/account-gate';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { validateSession } from '../sessions/validate-session';
import { openSecret } from '../crypto';
import { inspectGrant } from '../mfa/factor-grant';
import { completeSetup } from './complete-setup';
import { adminExists, issueSetupLink } from './issue-setup-link';

const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const BROWSER = 'b'.repeat(43);
const KEY = Buffer.alloc(32, 7);
const PASSWORD = 'a quiet lake under seven pines';

function tokenOf(url: string): string {
  return url.split('/setup/')[1]!;
}

describe.each(DIALECTS)('first-admin setup on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t?.drop());

  const setup = (token: string, username = 'admin', extra: Partial<Parameters<typeof completeSetup>[1]> = {}) =>
    completeSetup(t.db, {
      token,
      username,
      email: `${username}@example.test`,
      displayName: 'The Admin',
      password: PASSWORD,
      meta,
      sessionMaxAgeMs: 3_600_000,
      browserId: BROWSER,
      encryptionKey: KEY,
      ...extra,
    });

  it('issues a link only while no admin exists; a new link retires the old one', async () => {
    const first = await issueSetupLink(t.db, { baseUrl: 'http://localhost:9091' });
    const second = await issueSetupLink(t.db, { baseUrl: 'http://localhost:9091' });
    expect(first!.url).toMatch(/^http:\/\/localhost:9091\/setup\/[A-Za-z0-9_-]{43}$/);
    await expect(setup(tokenOf(first!.url))).rejects.toThrow(/expired/);
    const session = await setup(tokenOf(second!.url));
    const check = await validateSession(session.token, { db: t.db, idleTimeoutMs: 3_600_000 });
    expect(check.status === 'ok' && check.user.isAdmin).toBe(true);
    expect(check.status === 'ok' && check.user.groups).toEqual([ADMIN_GROUP]);
    expect(await adminExists(t.db)).toBe(true);
    expect(await issueSetupLink(t.db, { baseUrl: 'http://localhost:9091' })).toBeNull();
    const stored = await t.db.oneTimeToken.findMany({ select: { tokenHash: true } });
    expect(stored.every((row) => !row.tokenHash.includes(tokenOf(second!.url)))).toBe(true);
    expect(await t.db.auditEvent.count({ where: { type: 'setup.completed' } })).toBe(1);
  });

  it('grants the new admin their first authenticator app in the setup browser only, sealed, once', async () => {
    const link = await issueSetupLink(t.db, { baseUrl: 'http://localhost:9091' });
    const session = await setup(tokenOf(link!.url));
    const grant = await inspectGrant(t.db, { token: session.totpGrant, userId: session.userId, browserId: BROWSER, action: 'add_totp' });
    // Sealed at rest with the instance key, for this user only.
    const secret = openSecret(grant.data.secret!, KEY, `totp:${session.userId}`);
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The grant names this user, this browser and this action, and nothing else.
    await expect(inspectGrant(t.db, { token: session.totpGrant, userId: session.userId, browserId: 'c'.repeat(43), action: 'add_totp' })).rejects.toThrow(
      /browser where you opened the link/,
    );
    await expect(inspectGrant(t.db, { token: session.totpGrant, userId: session.userId, browserId: null, action: 'add_totp' })).rejects.toThrow(/browser/);
    await expect(inspectGrant(t.db, { token: session.totpGrant, userId: 'someone-else', browserId: BROWSER, action: 'add_totp' })).rejects.toThrow(
      /not valid for your account/,
    );
    await expect(inspectGrant(t.db, { token: session.totpGrant, userId: session.userId, browserId: BROWSER, action: 'add_webauthn' })).rejects.toThrow(
      /not valid/,
    );
    const stored = await t.db.oneTimeToken.findMany({ where: { purpose: 'factor_grant' }, select: { tokenHash: true, data: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(session.totpGrant);
    expect(stored[0]!.data).not.toContain(secret);
    const event = await t.db.auditEvent.findFirst({ where: { type: 'setup.completed' }, select: { data: true } });
    expect(event?.data).toContain('authenticator app granted in this browser');
    expect(event?.data).not.toContain(session.totpGrant);
  });

  it('refuses a reused link, an expired link, and a made-up one, changing nothing', async () => {
    const link = await issueSetupLink(t.db, { baseUrl: 'http://x' });
    await setup(tokenOf(link!.url));
    await expect(setup(tokenOf(link!.url), 'second')).rejects.toThrow(/already been used|already complete/);
    expect(await t.db.user.count()).toBe(1);

    const t2 = await createTestDatabase(dialect);
    try {
      const old = await issueSetupLink(t2.db, { baseUrl: 'http://x', now: new Date(Date.now() - 2 * 3_600_000) });
      await expect(
        completeSetup(t2.db, {
          token: tokenOf(old!.url),
          username: 'admin',
          email: 'a@example.test',
          displayName: 'A',
          password: PASSWORD,
          meta,
          sessionMaxAgeMs: 3_600_000,
          browserId: BROWSER,
          encryptionKey: KEY,
        }),
      ).rejects.toThrow(/expired/);
      await expect(
        completeSetup(t2.db, {
          token: 'A'.repeat(43),
          username: 'admin',
          email: 'a@example.test',
          displayName: 'A',
          password: PASSWORD,
          meta,
          sessionMaxAgeMs: 3_600_000,
          browserId: BROWSER,
          encryptionKey: KEY,
        }),
      ).rejects.toThrow(/not valid/);
      expect(await t2.db.user.count()).toBe(0);
    } finally {
      await t2.drop();
    }
  });

  it('keeps the link usable when the chosen username is taken (the whole transaction rolls back)', async () => {
    const link = await issueSetupLink(t.db, { baseUrl: 'http://x' });
    await createTestUser(t.db, { username: 'taken', status: 'pending' });
    await expect(setup(tokenOf(link!.url), 'taken')).rejects.toThrow(/username is taken/);
    expect(await t.db.auditEvent.count({ where: { type: 'setup.completed' } })).toBe(0);
    expect(await t.db.session.count()).toBe(0);
    await expect(setup(tokenOf(link!.url), 'admin')).resolves.toBeDefined();
  });

  it('refuses a weak password before using the link', async () => {
    const link = await issueSetupLink(t.db, { baseUrl: 'http://x' });
    await expect(setup(tokenOf(link!.url), 'admin', { password: 'password1234' })).rejects.toThrow(/too easy to guess/);
    await expect(setup(tokenOf(link!.url), 'admin', { password: 'admin-admin-admin-admin' })).rejects.toThrow(/must not contain your username/);
    await expect(setup(tokenOf(link!.url))).resolves.toBeDefined();
  });

  it('lets exactly one of two simultaneous submissions of the same link win', async () => {
    const link = await issueSetupLink(t.db, { baseUrl: 'http://x' });
    const results = await Promise.allSettled([setup(tokenOf(link!.url), 'first'), setup(tokenOf(link!.url), 'second')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db.user.count()).toBe(1);
  });
});
