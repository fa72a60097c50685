import { afterEach, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db';
import { freeLoopbackPort } from '@/test/support/free-port';
import { DIALECTS, createTestDatabase } from '@/test/support/test-db';
import { useTestEnv, type TestEnv } from '@/test/support/test-env';
import { GET } from './route';

describe('GET /api/health', () => {
  let testEnv: TestEnv | undefined;
  afterEach(async () => {
    await closeDb();
    testEnv?.restore();
    testEnv = undefined;
  });

  it.each(DIALECTS)('answers 200 with the database status on %s', async (dialect) => {
    const t = await createTestDatabase(dialect);
    try {
      testEnv = useTestEnv({ DATABASE_URL: t.url });
      const response = await GET();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    } finally {
      await t.drop();
    }
  });

  it('answers 503 when PostgreSQL is unreachable', async () => {
    const port = await freeLoopbackPort();
    testEnv = useTestEnv({ DATABASE_URL: `postgresql://gh:gh@127.0.0.1:${port}/nothing` });
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', database: 'unreachable' });
  });
});
