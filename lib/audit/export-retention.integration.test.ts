import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { auditCsvLine, csvHeader } from './export-format';
import { iterateAuditEvents } from './list-events';
import { pruneAuditEvents, readRetention, RETENTION_KEY, saveRetention } from './retention';

const DAY = 86_400_000;
const NOW = new Date('2025-06-01T12:00:00Z');

describe.each(DIALECTS)('audit export and retention on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.auditEvent.deleteMany({});
    await t.db.setting.deleteMany({ where: { key: RETENTION_KEY } });
  });

  /** `count` events, one a day ending at NOW, alternating types; returns them oldest first. */
  async function seed(count: number, extra: { actorName?: string } = {}) {
    await t.db.auditEvent.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        createdAt: new Date(NOW.getTime() - (count - 1 - i) * DAY),
        type: i % 2 === 0 ? 'auth.sign_in' : 'auth.sign_out',
        outcome: i % 4 === 0 ? 'failure' : 'success',
        actorName: extra.actorName ?? `user-${i}`,
        data: i === 0 ? JSON.stringify({ note: '=1+1, "quoted"\nline' }) : null,
      })),
    });
  }

  it('pages through every matching event in keyset batches, newest first, without duplicates', async () => {
    await seed(2_345);
    const batches: number[][] = [];
    for await (const batch of iterateAuditEvents(t.db, {}, 1000)) batches.push(batch.map((r) => r.id));
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 345]);
    const ids = batches.flat();
    expect(new Set(ids).size).toBe(2_345);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const signIns: string[] = [];
    for await (const batch of iterateAuditEvents(
      t.db,
      { type: 'auth.sign_in', from: new Date(NOW.getTime() - 99.5 * DAY), to: new Date(NOW.getTime() + DAY) },
      7,
    )) {
      for (const row of batch) {
        expect(row.type).toBe('auth.sign_in');
        signIns.push(auditCsvLine(row));
      }
    }
    expect(signIns).toHaveLength(50);
  });

  it('stops at an exact multiple of the batch size', async () => {
    await seed(20);
    const sizes: number[] = [];
    for await (const batch of iterateAuditEvents(t.db, {}, 10)) sizes.push(batch.length);
    expect(sizes).toEqual([10, 10]);
  });

  it('exports stored data as an escaped CSV cell', async () => {
    await seed(1);
    const rows = [];
    for await (const batch of iterateAuditEvents(t.db, {})) rows.push(...batch);
    const csv = csvHeader() + rows.map(auditCsvLine).join('');
    expect(csv).toContain('"{""note"":""=1+1, \\""quoted\\""\\nline""}"');
  });

  it('keeps everything while retention is "forever"', async () => {
    await seed(50);
    expect(await readRetention(t.db)).toBeNull();
    expect(await pruneAuditEvents(t.db, { now: NOW })).toEqual({ deleted: 0, cutoff: null });
    expect(await t.db.auditEvent.count()).toBe(50);
  });

  it('saves the retention with an audit event, and prunes older events in batches', async () => {
    await seed(100);
    const admin = await createTestUser(t.db);
    expect(await saveRetention(t.db, { value: 30, actor: { id: admin.id, name: admin.username } })).toBe(true);
    expect(await saveRetention(t.db, { value: 30, actor: { id: admin.id, name: admin.username } })).toBe(false);
    expect(await readRetention(t.db)).toBe(30);
    const changed = await t.db.auditEvent.findFirst({ where: { type: 'audit.retention_changed' } });
    expect(changed).toMatchObject({ actorName: admin.username, targetName: RETENTION_KEY });
    expect(JSON.parse(changed!.data!)).toEqual({ from: 'forever', to: '30' });

    const result = await pruneAuditEvents(t.db, { now: NOW, batchSize: 7 });
    // Events at NOW-0 … NOW-99 days; those strictly older than NOW-30 days go: 69 of them.
    expect(result.deleted).toBe(69);
    const oldest = await t.db.auditEvent.findFirst({ where: { type: { in: ['auth.sign_in', 'auth.sign_out'] } }, orderBy: { createdAt: 'asc' } });
    expect(oldest!.createdAt.getTime()).toBe(NOW.getTime() - 30 * DAY);
    const pruned = await t.db.auditEvent.findFirst({ where: { type: 'audit.pruned' } });
    expect(JSON.parse(pruned!.data!)).toMatchObject({ deleted: 69, retentionDays: 30 });
    // A second run has nothing left to do.
    expect((await pruneAuditEvents(t.db, { now: NOW })).deleted).toBe(0);

    expect(await saveRetention(t.db, { value: null, actor: { id: admin.id, name: admin.username } })).toBe(true);
    expect(await readRetention(t.db)).toBeNull();
  });

  it('treats a corrupt stored value as "forever"', async () => {
    await t.db.setting.create({ data: { key: RETENTION_KEY, value: '5' } });
    expect(await readRetention(t.db)).toBeNull();
  });
});
