/**
 * Scheduled work runs once per interval across instances: many concurrent claims of one due run
 * (as from several instances' timers firing together) let exactly one through, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { claimRun, nextRunAt } from './claim-run';

describe.each(DIALECTS)('claimRun on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it('the first run ever: one of many concurrent claims wins', async () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    const results = await Promise.all(Array.from({ length: 12 }, () => claimRun(t.db, 'first', 60_000, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await nextRunAt(t.db, 'first'))?.toISOString()).toBe('2026-12-03T10:01:00.000Z');
  });

  it('a due run: one of many concurrent claims wins, and nothing runs again before the interval ends', async () => {
    const start = new Date('2026-12-03T10:00:00.000Z');
    expect(await claimRun(t.db, 'due', 60_000, start)).toBe(true);
    const early = new Date('2026-12-03T10:00:59.999Z');
    expect(await Promise.all(Array.from({ length: 6 }, () => claimRun(t.db, 'due', 60_000, early)))).toEqual(Array(6).fill(false));
    const due = new Date('2026-12-03T10:01:00.000Z');
    const results = await Promise.all(Array.from({ length: 12 }, () => claimRun(t.db, 'due', 60_000, due)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await nextRunAt(t.db, 'due'))?.toISOString()).toBe('2026-12-03T10:02:00.000Z');
  });

  it('"run now" claims before the due time, once', async () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    expect(await claimRun(t.db, 'forced', 900_000, now)).toBe(true);
    const soon = new Date('2026-12-03T10:00:10.000Z');
    const results = await Promise.all(Array.from({ length: 6 }, () => claimRun(t.db, 'forced', 900_000, soon, true)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('jobs are independent', async () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    expect(await claimRun(t.db, 'a', 60_000, now)).toBe(true);
    expect(await claimRun(t.db, 'b', 60_000, now)).toBe(true);
  });
});
