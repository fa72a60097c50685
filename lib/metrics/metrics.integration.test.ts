/**
 * /api/metrics through the built server on SQLite and PostgreSQL: verify answers, the session
 * cache and sign-ins move the counters by exactly what was done, and the scrape parses as
 * Prometheus text (parse-prometheus-text-format). A remote peer without a token gets 403.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../applications/create-application';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { applicationInput } from '../../test/support/application-input';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { externalAddress, postSignIn } from '../../test/support/observability';
import { parseScrape } from '../../test/support/prometheus';
import { seedRules, seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';

const APP_HOST = 'metered.localhost';

describe.each(DIALECTS)('metrics through the built server on %s', (dialect) => {
  let server: GatehouseProcess;
  let db: Db;
  let pg: TestDatabase | null = null;
  let token = '';
  let username = '';
  let slug = '';

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-metrics-'));
    if (dialect === 'postgresql') {
      pg = await createTestDatabase(dialect);
      db = pg.db;
    } else {
      const file = join(dataDir, 'gatehouse.db');
      await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
      db = createDb({ dialect: 'sqlite', url: `file:${file}` });
    }
    const user = await createTestUser(db);
    username = user.username;
    token = await seedSession(db, { userId: user.id, level: 'two_factor' });
    await seedRules(db, [], 'deny');
    slug = (await createApplication(db, { id: 'admin-1', name: 'admin' }, applicationInput({ slug: 'metered', urls: [`http://${APP_HOST}:8080`] }))).slug;
    server = await startGatehouse({
      dataDir,
      env: { GATEHOUSE_METRICS: 'on', GATEHOUSE_LISTEN: '0.0.0.0', GATEHOUSE_VERIFY_CACHE_TTL: '5m', ...(pg ? { DATABASE_URL: pg.url } : {}) },
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    if (pg) await pg.drop();
    else await db?.$disconnect();
  });

  const scrape = async () => {
    const response = await fetch(`${server.direct}/api/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parseScrape(await response.text());
  };
  const verify = (host: string, cookie?: string) =>
    httpRequest({
      port: server.port,
      path: '/api/verify',
      headers: { 'X-Original-URL': `http://${host}:8080/`, 'X-Original-Method': 'GET', ...(cookie ? { Cookie: `gatehouse_session=${cookie}` } : {}) },
    });

  it('counts verify answers, the cache and sign-ins exactly', async () => {
    const before = await scrape();
    expect((await verify(APP_HOST, token)).status).toBe(200);
    expect((await verify(APP_HOST, token)).status).toBe(200);
    expect((await verify(APP_HOST)).status).toBe(401);
    expect((await verify('unknown.localhost', token)).status).toBe(403);
    await postSignIn(server.direct, username, 'not the password');
    await postSignIn(server.direct, username, TEST_PASSWORD);
    const after = await scrape();

    const delta = (name: string, labels?: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    const decisions = 'gatehouse_verify_decisions_total';
    expect(delta(decisions, { outcome: 'allow', application: slug })).toBe(2);
    expect(delta(decisions, { outcome: 'redirect', application: slug })).toBe(1);
    expect(delta(decisions, { outcome: 'deny', application: 'none' })).toBe(1);
    expect(after.families.find((f) => f.name === decisions)!.metrics.reduce((sum, m) => sum + Number(m.value), 0)).toBe(4);
    expect(after.count('gatehouse_verify_duration_seconds') - before.count('gatehouse_verify_duration_seconds')).toBe(4);
    // The second cookie request and the unknown host's came from the cache, the first asked the database.
    expect(delta('gatehouse_verify_cache_misses_total')).toBe(1);
    expect(delta('gatehouse_verify_cache_hits_total')).toBe(2);
    expect(delta('gatehouse_sign_ins_total', { method: 'password', outcome: 'failure' })).toBe(1);
    expect(delta('gatehouse_sign_ins_total', { method: 'password', outcome: 'success' })).toBe(1);
    expect(after.value('gatehouse_bans_active', { subject: 'user' })).toBe(0);
    expect(after.value('gatehouse_db_up')).toBe(1);
    expect(after.count('gatehouse_db_probe_duration_seconds')).toBeGreaterThanOrEqual(1);
    expect(after.value('gatehouse_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.families.map((f) => f.name)).toContain('gatehouse_nodejs_eventloop_lag_p99_seconds');
    if (dialect === 'postgresql') expect(after.value('gatehouse_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    // No label carries the user, the session or the host asked for.
    const text = await (await fetch(`${server.direct}/api/metrics`)).text();
    for (const secret of [username, token, APP_HOST, 'unknown.localhost']) expect(text).not.toContain(secret);
  });

  it('refuses a peer that is not loopback (403), and one relayed by a local proxy', async () => {
    expect((await httpRequest({ port: server.port, address: externalAddress(), path: '/api/metrics' })).status).toBe(403);
    expect((await httpRequest({ port: server.port, path: '/api/metrics', headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(403);
  });
});
