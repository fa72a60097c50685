import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { consumeOneTimeToken, issueOneTimeToken } from '../links/one-time-token';
import { deliverMail } from '../mail/transport';
import { DEFAULT_POLICY_KEY } from '../rules/rule-settings';
import { loadOverview } from './load-overview';

const HOUR = 3_600_000;
const NOW = new Date('2025-06-01T12:30:00Z');

describe.each(DIALECTS)('admin overview on %s', (dialect) => {
  let t: TestDatabase;
  let outboxDir: string;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    outboxDir = mkdtempSync(join(tmpdir(), 'gatehouse-outbox-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  it('is all well on an empty install with SMTP', async () => {
    const overview = await loadOverview(t.db, { smtp: { host: 'x' } as never, outboxDir }, NOW);
    expect(overview.counts).toEqual({ pendingSignups: 0, activeUsers: 0, currentBans: 0, failedSignIns24h: 0 });
    expect(overview.failedByHour).toHaveLength(24);
    expect(overview.warnings).toEqual([]);
  });

  it('counts and warns', async () => {
    await createTestUser(t.db, { status: 'pending' });
    await createTestUser(t.db, { status: 'pending' });
    await createTestUser(t.db, { status: 'disabled' });
    const admin = await createTestUser(t.db, { groups: ['admins'] });
    await createTestUser(t.db);
    await t.db.credentialLock.createMany({
      data: [
        { scope: 'user', subject: 'a', until: new Date(NOW.getTime() + HOUR), failures: 5 },
        { scope: 'ip', subject: '192.0.2.1', until: new Date(NOW.getTime() + HOUR), failures: 5, liftedAt: NOW },
        { scope: 'ip', subject: '192.0.2.2', until: new Date(NOW.getTime() - HOUR), failures: 5 },
      ],
    });
    await t.db.auditEvent.createMany({
      data: [
        { type: 'auth.sign_in', outcome: 'failure', createdAt: new Date(NOW.getTime() - 10 * 60_000) },
        { type: 'auth.sign_in', outcome: 'failure', createdAt: new Date(NOW.getTime() - 15 * 60_000) },
        { type: 'auth.sign_in', outcome: 'failure', createdAt: new Date(NOW.getTime() - 5 * HOUR) },
        { type: 'auth.sign_in', outcome: 'success', createdAt: new Date(NOW.getTime() - 5 * HOUR) },
        { type: 'auth.sign_in', outcome: 'failure', createdAt: new Date(NOW.getTime() - 30 * HOUR) },
      ],
    });
    await t.db.setting.create({ data: { key: DEFAULT_POLICY_KEY, value: 'bypass' } });
    await t.db.paperlessConnection.create({
      data: { internalUrl: 'http://p', publicUrl: 'http://p', adminToken: 'sealed', lastCheck: JSON.stringify({ ok: false, checkedAt: NOW.toISOString() }) },
    });
    writeFileSync(
      join(outboxDir, '20250601T120000000Z-0123abcd.eml'),
      'From: a@b\r\nTo: c@d\r\nSubject: hi\r\nDate: Sun, 1 Jun 2025 12:00:00 +0000\r\n\r\nhello\r\n',
    );

    const overview = await loadOverview(t.db, { smtp: null, outboxDir }, NOW);
    expect(overview.counts).toEqual({ pendingSignups: 2, activeUsers: 2, currentBans: 1, failedSignIns24h: 3 });
    expect(overview.failedByHour.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(overview.failedByHour[23]!.count).toBe(2);
    const ids = overview.warnings.map((w) => w.id);
    expect(ids).toContain('paperless');
    expect(ids).toContain('admin_2fa');
    expect(ids).toContain('default_policy');
    expect(overview.warnings.find((w) => w.id === 'admin_2fa')!.detail).toContain(admin.username);

    await t.db.secondFactor.create({ data: { userId: admin.id, kind: 'webauthn', name: 'key', credentialId: 'cred-1', publicKey: 'pk' } as never });
    const after = await loadOverview(t.db, { smtp: null, outboxDir }, NOW);
    expect(after.warnings.map((w) => w.id)).not.toContain('admin_2fa');
  });

  it('warns about mail only while an outbox message carries a link still unused and valid, and clears after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-outbox-'));
    const env = { smtp: null, mailFrom: 'gatehouse@example.test', outboxDir: dir };
    const now = new Date();
    const mailLink = async (purpose: 'password_set' | 'device_link', ttlMs: number, issuedAt = now) => {
      const link = await issueOneTimeToken(t.db, { purpose, ttlMs, now: issuedAt, email: 'someone@example.test' });
      const url = `https://auth.example.test/${purpose === 'password_set' ? 'password' : 'device'}/${link.token}`;
      await deliverMail({ to: 'someone@example.test', subject: 'Your link', text: `Open ${url} to continue.`, html: `<a href="${url}">Continue</a>` }, env);
      return link;
    };
    try {
      // Mail ever sent that nobody waits for: a notice without a link, a used link, an expired link.
      await deliverMail({ to: 'someone@example.test', subject: 'A factor was added', text: 'No link here.', html: '<p>No link here.</p>' }, env);
      const used = await mailLink('password_set', 3_600_000);
      expect(await consumeOneTimeToken(t.db, used.id)).toBe(true);
      await mailLink('device_link', 60_000, new Date(now.getTime() - 120_000));
      const smtpLess = () => loadOverview(t.db, { smtp: null, outboxDir: dir }, new Date());
      expect((await smtpLess()).warnings.map((w) => w.id)).not.toContain('mail');

      const waiting = [await mailLink('password_set', 3_600_000), await mailLink('device_link', 600_000)];
      const warning = (await smtpLess()).warnings.find((w) => w.id === 'mail');
      expect(warning?.detail).toContain('2 messages there carry a link (password, sign-in or second-factor) that is still unused and valid');
      // With SMTP nothing waits in the outbox.
      expect((await loadOverview(t.db, { smtp: { host: 'x' } as never, outboxDir: dir }, new Date())).warnings.map((w) => w.id)).not.toContain('mail');

      expect(await consumeOneTimeToken(t.db, waiting[0]!.id)).toBe(true);
      expect((await smtpLess()).warnings.find((w) => w.id === 'mail')?.detail).toContain('1 message there carries a link');
      expect(await consumeOneTimeToken(t.db, waiting[1]!.id)).toBe(true);
      expect((await smtpLess()).warnings.map((w) => w.id)).not.toContain('mail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
