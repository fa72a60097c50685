import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
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
});
