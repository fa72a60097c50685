/**
 * Three built Gatehouse processes on one throwaway PostgreSQL behind a real nginx upstream (round
 * robin), under a bounded verify load sent from this process (127.0.0.1 only, keep-alive, bounded
 * in count and time): a user disabled during the load gets no 200 from any instance for a request
 * sent later than 1 s after the change committed; one instance killed (SIGKILL) during the load
 * fails only the requests in flight to it and never gives a wrong 200. Then two processes started
 * at once on an empty database: one migrates, the other waits on the lock, both serve.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { MIGRATIONS_TABLE, readMigrations } from '../db/migrate';
import { revokeUserSessions } from '../sessions/revoke-session';
import { setUserStatus } from '../users/set-user-status';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';
import { POSTGRES_MIGRATIONS, type Postgres, startInstances } from '../../test/support/instances';
import type { TestEnv } from '../../test/support/test-env';

const APP = 'app.example.test';
const ADMIN = { id: 'admin', name: 'admin' };
const meta = { ip: '192.0.2.1', userAgent: 'vitest' };
/** The propagation bound the issue sets; the caches would hold an answer for 60 s. */
const BOUND_MS = 1_000;
/** Requests in flight at once: the most that can be in flight to a killed instance. */
const CONCURRENCY = 6;
/** About this many requests per second in all, and never more than MAX_REQUESTS in one run. */
const RATE = 300;
const MAX_REQUESTS = 3_000;

let postgres: Postgres;
let db: Db;
let testEnv: TestEnv;
let encryptionKey: string;
let nginxPort: number;
let instances: GatehouseProcess[] = [];
let stop = async () => {};

/** One kind of request in the load: its cookie (none for an anonymous one). */
type Kind = { name: string; cookie?: string };
type Answer = { kind: string; sentAt: number; status: number; upstream: string };

/** A verify request's headers for APP, as nginx's auth_request sends them, with the kind's cookie. */
const verifyHeaders = (kind: Kind) => ({
  'X-Original-URL': `http://${APP}/`,
  'X-Forwarded-Host': APP,
  'X-Forwarded-Uri': '/',
  'X-Forwarded-Method': 'GET',
  ...(kind.cookie ? { Cookie: `gatehouse_session=${kind.cookie}` } : {}),
});

/**
 * Sends verify requests through nginx, round robin over `kinds`, from CONCURRENCY keep-alive
 * connections at about RATE per second, for `ms` (at most MAX_REQUESTS). `during` runs alongside
 * (the change under test). A request nginx could not complete answers 502 or 504; one that failed
 * on the way (a socket error) is recorded as status 0.
 */
async function underLoad(kinds: Kind[], ms: number, during: () => Promise<void>): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const answers: Answer[] = [];
  const end = Date.now() + ms;
  let sent = 0;
  const one = (kind: Kind) =>
    new Promise<Answer>((resolve) => {
      const sentAt = Date.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: nginxPort,
          path: '/api/verify',
          agent,
          headers: verifyHeaders(kind),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ kind: kind.name, sentAt, status: res.statusCode ?? 0, upstream: String(res.headers['x-upstream'] ?? '') }));
        },
      );
      req.on('error', () => resolve({ kind: kind.name, sentAt, status: 0, upstream: '' }));
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.end();
    });
  const worker = async (index: number) => {
    for (let next = Date.now(); Date.now() < end && sent < MAX_REQUESTS; ) {
      const kind = kinds[(sent++ + index) % kinds.length]!;
      answers.push(await one(kind));
      next += (CONCURRENCY * 1000) / RATE;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  try {
    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, i) => worker(i)), during()]);
  } finally {
    agent.destroy();
  }
  return answers;
}

const count = (answers: Answer[], test: (a: Answer) => boolean) => answers.filter(test).length;

beforeAll(async () => {
  ({ postgres, db, testEnv, encryptionKey, instances, nginxPort, stop } = await startInstances({
    vars: (origin) => ({ GATEHOUSE_URL: origin }),
    seed: (ready) => seedRules(ready.db, [{ domains: [APP], policy: 'one_factor' }], 'deny'),
  }));
}, 180_000);

afterAll(() => stop());

describe('three instances on one PostgreSQL behind nginx, under load', () => {
  it('a user disabled during the load: no 200 from any instance for a request sent 1 s after the commit', async () => {
    const user = await createTestUser(db, { groups: ['family'] });
    const cookie = await seedSession(db, { userId: user.id });
    let committedAt = 0;
    const answers = await underLoad([{ name: 'user', cookie }], 4_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await setUserStatus(db, { userId: user.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env });
      committedAt = Date.now();
    });
    const before = answers.filter((a) => a.sentAt < committedAt - 100);
    const window = answers.filter((a) => a.sentAt >= committedAt && a.sentAt <= committedAt + BOUND_MS);
    const after = answers.filter((a) => a.sentAt > committedAt + BOUND_MS);
    console.log(
      `[load] disable: ${answers.length} requests; ${count(window, (a) => a.status === 200)} answered 200 of ${window.length} sent between the commit and +1 s; ` +
        `${after.length} sent later`,
    );
    // The load did reach every instance, and the session was honoured before the change.
    expect(new Set(before.filter((a) => a.status === 200).map((a) => a.upstream)).size).toBe(3);
    expect(new Set(after.map((a) => a.upstream)).size).toBe(3);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => a.status === 200)).toEqual([]);
    expect(after.filter((a) => a.status !== 401 && a.status !== 403)).toEqual([]);
  });

  it('one instance killed during the load: only its in-flight requests fail, never a wrong 200; the other two keep answering', async () => {
    const user = await createTestUser(db, { groups: ['family'] });
    const valid = await seedSession(db, { userId: user.id });
    const revokedUser = await createTestUser(db, { groups: ['family'] });
    const revoked = await seedSession(db, { userId: revokedUser.id });
    await revokeUserSessions(db, { userId: revokedUser.id, actor: ADMIN, reason: 'admin', meta });
    const kinds: Kind[] = [
      { name: 'valid', cookie: valid },
      { name: 'none' },
      { name: 'invalid', cookie: randomBytes(32).toString('base64url') },
      { name: 'revoked', cookie: revoked },
    ];
    const victim = instances[1]!;
    let killedAt = 0;
    const answers = await underLoad(kinds, 4_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      process.kill(victim.child.pid!, 'SIGKILL');
      killedAt = Date.now();
    });
    const failed = answers.filter((a) => a.kind === 'valid' && a.status !== 200);
    console.log(
      `[load] kill: ${answers.length} requests, ${count(answers, (a) => a.sentAt > killedAt)} sent after the kill; ` +
        `${failed.length} valid-session requests failed (${JSON.stringify(failed.map((a) => a.status))})`,
    );
    // Never a wrong 200, before or after the kill.
    expect(answers.filter((a) => a.kind !== 'valid' && a.status === 200)).toEqual([]);
    expect(answers.filter((a) => a.kind !== 'valid' && ![401, 502, 504, 0].includes(a.status))).toEqual([]);
    // Only requests in flight can fail: nginx errors (or a broken connection), at most one per concurrent request.
    expect(failed.filter((a) => ![502, 504, 0].includes(a.status))).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(failed.filter((a) => a.sentAt < killedAt - 1_000)).toEqual([]);
    // The load went on through the other two.
    const later = answers.filter((a) => a.sentAt > killedAt + BOUND_MS && a.kind === 'valid');
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((a) => a.status !== 200)).toEqual([]);
    expect(new Set(later.map((a) => a.upstream))).toEqual(new Set(instances.filter((i) => i !== victim).map((i) => `127.0.0.1:${i.port}`)));
    for (const instance of instances.filter((i) => i !== victim)) {
      for (const kind of kinds) {
        const answer = await httpRequest({
          port: instance.port,
          path: '/api/verify',
          headers: verifyHeaders(kind),
        });
        expect([kind.name, answer.status]).toEqual([kind.name, kind.name === 'valid' ? 200 : 401]);
      }
    }
  });
});

describe('two instances started at once on an empty database', () => {
  it('one applies the migrations, the other waits on the lock; both serve; each migration is recorded once', async () => {
    const name = `gatehouse_fresh_${randomBytes(4).toString('hex')}`;
    await db.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    const fresh = createDb({ dialect: 'postgresql', url: url.href });
    // Each with its own data folder: the test is about the database, not about two processes creating one secrets file.
    const started: GatehouseProcess[] = [];
    try {
      const env = { DATABASE_URL: url.href, GATEHOUSE_ENCRYPTION_KEY: encryptionKey, GATEHOUSE_URL: 'http://localhost:9' };
      const results = await Promise.allSettled([startGatehouse({ env }), startGatehouse({ env })]);
      for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual(['started', 'started']);
      for (const instance of started) expect((await fetch(`${instance.direct}/api/health/ready`)).status).toBe(200);

      const expected = readMigrations(POSTGRES_MIGRATIONS).map((m) => m.name);
      const applied = started.map((i) => (i.output().match(/applied migration /g) ?? []).length).sort((a, b) => a - b);
      expect(applied).toEqual([0, expected.length]);
      const rows = await fresh.$queryRawUnsafe<Array<{ name: string; n: number }>>(
        `SELECT "name", count(*)::int AS n FROM "${MIGRATIONS_TABLE}" GROUP BY "name" ORDER BY "name"`,
      );
      expect(rows).toEqual(expected.map((m) => ({ name: m, n: 1 })));
    } finally {
      await Promise.allSettled(started.map((i) => i.stop()));
      await fresh.$disconnect();
    }
  }, 120_000);
});
