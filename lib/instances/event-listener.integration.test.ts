/**
 * Announcements in transactions, on both dialects: a committed change is published here once,
 * after the commit; a rolled-back one never. On PostgreSQL another process's listener (its own
 * `pg` connection) hears committed ones only, skips its own instance's, and after its connection
 * is killed (pg_terminate_backend) reconnects and publishes "caches-stale".
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { announce, instanceId } from '../events/announce';
import { subscribe, type LocalEvents } from '../events/local-bus';
import { APPLICATION_NAME, startEventListener, type EventListener } from './event-listener';

type Heard = { topic: string; event: unknown };

function record(topics: Array<keyof LocalEvents>): { heard: Heard[]; stop(): void } {
  const heard: Heard[] = [];
  const stops = topics.map((topic) => subscribe(topic, (event) => heard.push({ topic, event })));
  return {
    heard,
    stop: () => {
      for (const s of stops) s();
    },
  };
}

async function until(check: () => boolean, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(DIALECTS)('announce on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it('publishes here after the commit, never before it, and never for a rolled-back change', async () => {
    const rec = record(['sessions-revoked']);
    try {
      let seenInside = -1;
      await t.db.$transaction(async (tx) => {
        await announce(tx, 'sessions-revoked', { tokenHashes: ['committed'] });
        seenInside = rec.heard.length;
      });
      expect(seenInside).toBe(0);
      expect(rec.heard).toEqual([{ topic: 'sessions-revoked', event: { tokenHashes: ['committed'] } }]);
      await expect(
        t.db.$transaction(async (tx) => {
          await announce(tx, 'sessions-revoked', { tokenHashes: ['rolled-back'] });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(rec.heard).toHaveLength(1);
    } finally {
      rec.stop();
    }
  });

  it('a nested transaction announces at the outer commit, and not at all when it rolled back', async () => {
    const rec = record(['sessions-revoked']);
    type Nesting = { $transaction<T>(work: (tx: typeof t.db) => Promise<T>): Promise<T> };
    try {
      await t.db.$transaction(async (tx) => {
        await (tx as unknown as Nesting).$transaction((inner) => announce(inner, 'sessions-revoked', { tokenHashes: ['inner-kept'] }));
        await (tx as unknown as Nesting)
          .$transaction(async (inner) => {
            await announce(inner, 'sessions-revoked', { tokenHashes: ['inner-undone'] });
            throw new Error('undo inner');
          })
          .catch(() => undefined);
        expect(rec.heard).toEqual([]);
      });
      expect(rec.heard).toEqual([{ topic: 'sessions-revoked', event: { tokenHashes: ['inner-kept'] } }]);
    } finally {
      rec.stop();
    }
  });

  it('`here: false` announces only to the other instances', async () => {
    const rec = record(['settings-changed']);
    try {
      await t.db.$transaction((tx) => announce(tx, 'settings-changed', {}, { here: false }));
      expect(rec.heard).toEqual([]);
    } finally {
      rec.stop();
    }
  });
});

describe.runIf(DIALECTS.includes('postgresql'))('the LISTEN connection on postgresql', () => {
  let t: TestDatabase;
  let listener: EventListener;
  const pid = async (): Promise<number | null> => {
    const rows = await t.db.$queryRawUnsafe<Array<{ pid: number }>>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      APPLICATION_NAME,
    );
    return rows[0]?.pid ?? null;
  };
  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    // Another instance: a listener with an origin of its own, in this process.
    listener = startEventListener({ connectionString: t.url, origin: 'other-instance', heartbeatMs: 500, log: () => undefined });
    await until(() => listener.stats().listening);
  });
  afterAll(async () => {
    await listener?.stop();
    await t?.drop();
  });

  it('hears committed announcements (lists over the payload limit in chunks), not rolled-back ones, any topic', async () => {
    const rec = record(['app-tokens-changed', 'rules-changed']);
    try {
      const many = Array.from({ length: 400 }, (_, i) => i.toString(16).padStart(64, '0'));
      await t.db.$transaction((tx) => announce(tx, 'app-tokens-changed', { tokenHashes: many }));
      await expect(
        t.db.$transaction(async (tx) => {
          await announce(tx, 'rules-changed', {});
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      // A topic this build does not know travels too.
      const raw = new pg.Client({ connectionString: t.url });
      await raw.connect();
      const later = subscribe('oidc-clients-changed' as never, (event) => rec.heard.push({ topic: 'oidc-clients-changed', event }));
      await raw.query("SELECT pg_notify('gatehouse_events', $1)", [JSON.stringify({ o: 'third', t: 'oidc-clients-changed', e: { ids: ['c1'] } })]);
      await raw.end();
      // Once here after the commit (this process's own publish) and once from the listener.
      await until(() => rec.heard.some((h) => h.topic === 'oidc-clients-changed'));
      later();
      const hashes = rec.heard.filter((h) => h.topic === 'app-tokens-changed').flatMap((h) => (h.event as { tokenHashes: string[] }).tokenHashes);
      expect(hashes.sort()).toEqual([...many, ...many].sort());
      expect(rec.heard.filter((h) => h.topic === 'rules-changed')).toEqual([]);
    } finally {
      rec.stop();
    }
  });

  it("skips its own instance's announcements", async () => {
    const own = startEventListener({ connectionString: t.url, origin: instanceId(), log: () => undefined });
    try {
      await until(() => own.stats().listening);
      const before = listener.stats().applied;
      await t.db.$transaction((tx) => announce(tx, 'bans-changed', {}));
      await until(() => own.stats().ownSkipped === 1 && listener.stats().applied === before + 1);
      expect(own.stats().applied).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('a killed LISTEN connection comes back and everything is treated as stale', async () => {
    const rec = record(['caches-stale', 'sessions-revoked']);
    try {
      const first = await pid();
      expect(first).not.toBeNull();
      await t.db.$queryRawUnsafe('SELECT pg_terminate_backend($1)::text AS ok', first);
      await until(() => rec.heard.some((h) => h.topic === 'caches-stale'));
      expect(listener.stats().reconnects).toBe(1);
      expect(await pid()).not.toBe(first);
      // And it hears announcements again.
      await t.db.$transaction((tx) => announce(tx, 'sessions-revoked', { userIds: ['after'] }));
      await until(() => rec.heard.filter((h) => h.topic === 'sessions-revoked').length === 2);
    } finally {
      rec.stop();
    }
  });
});
