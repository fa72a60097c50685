/**
 * The database stops in the middle of a run: sessions the verify endpoint has cached keep
 * passing for at most the cache lifetime, everything else is refused (503), nothing ever turns
 * into a 200 it should not be, and Gatehouse recovers by itself when the database is back.
 * Runs on its own PostgreSQL server, so stopping it disturbs no other test.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';

type Postgres = { url: string; pause(): void; resume(): void; stop(): Promise<void> };

let postgres: Postgres;
let gatehouse: GatehouseProcess;
let db: Db;
const tokens: string[] = [];
const TTL_MS = 4_000;

beforeAll(async () => {
  const services = (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/services.mjs')).href)) as {
    startPostgres(): Promise<Postgres>;
  };
  postgres = await services.startPostgres();
  await migrate({ dialect: 'postgresql', target: postgres.url, migrationsDir: join(process.cwd(), 'prisma/migrations/postgresql') });
  db = createDb({ dialect: 'postgresql', url: postgres.url });
  const user = await createTestUser(db, { username: 'olga' });
  tokens.push(await seedSession(db, { userId: user.id }), await seedSession(db, { userId: user.id }));
  await seedRules(db, [{ domains: ['app.example.test'], policy: 'one_factor' }], 'deny');
  await db.$disconnect();
  gatehouse = await startGatehouse({ env: { DATABASE_URL: postgres.url, GATEHOUSE_VERIFY_CACHE_TTL: `${TTL_MS / 1000}s` } });
}, 90_000);

afterAll(async () => {
  await gatehouse?.stop();
  await postgres?.stop();
});

const verify = async (token: string) =>
  (
    await httpRequest({
      port: gatehouse.port,
      path: '/api/verify',
      headers: { 'X-Original-URL': 'https://app.example.test/', Cookie: `gatehouse_session=${token}` },
    })
  ).status;
const health = async () => (await httpRequest({ port: gatehouse.port, path: '/api/health' })).status;

describe('the database stops mid-run', () => {
  it('cached sessions pass for at most the cache lifetime, everything else is refused, and the portal recovers', async () => {
    const [cached, uncached] = tokens as [string, string];
    expect(await verify(cached)).toBe(200);
    expect(await health()).toBe(200);
    const stoppedAt = Date.now();
    postgres.pause();
    try {
      // A cached session still passes (it was checked within the cache lifetime)...
      expect(Date.now() - stoppedAt, 'stopping PostgreSQL took longer than the test allows').toBeLessThan(TTL_MS - 1_000);
      expect(await verify(cached)).toBe(200);
      // ...one the endpoint has not seen is refused, and never with a 200.
      expect(await verify(uncached)).toBe(503);
      expect(await verify('x'.repeat(43))).toBe(503);
      expect(await health()).toBe(503);
      // Past the cache lifetime the cached session is refused too.
      await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200 - (Date.now() - stoppedAt)));
      expect(await verify(cached)).toBe(503);
    } finally {
      postgres.resume();
    }
    // Back: both sessions pass again without restarting Gatehouse.
    const deadline = Date.now() + 20_000;
    while ((await verify(uncached)) !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await verify(uncached)).toBe(200);
    expect(await verify(cached)).toBe(200);
    expect(await health()).toBe(200);
  });
});
