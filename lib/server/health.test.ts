import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { checkReadiness, healthKindOf } from './health';

const dbAnswering = (rows: { name: string }[] | Error | 'hang') =>
  ({
    $queryRaw: () => (rows === 'hang' ? new Promise(() => {}) : rows instanceof Error ? Promise.reject(rows) : Promise.resolve(rows)),
  }) as unknown as Db;

describe('health paths', () => {
  it('knows exactly the two paths, with or without a query', () => {
    expect(healthKindOf('/api/health/live')).toBe('live');
    expect(healthKindOf('/api/health/ready?x=1')).toBe('ready');
    for (const other of ['/api/health', '/api/health/live/', '/api/health/READY', '/api/health/readyx', undefined]) expect(healthKindOf(other)).toBeNull();
  });
});

describe('readiness', () => {
  const state = { draining: false, latestMigration: '0011_oidc' };
  it('is ready when the database has the latest migration', async () => {
    expect(await checkReadiness(dbAnswering([{ name: '0011_oidc' }]), state)).toEqual({
      ready: true,
      body: { status: 'ready', database: 'ok', migrations: 'applied' },
    });
  });
  it('is not ready while draining, without asking the database', async () => {
    expect(await checkReadiness(dbAnswering(new Error('must not be asked')), { ...state, draining: true })).toEqual({
      ready: false,
      body: { status: 'draining' },
    });
  });
  it('is not ready when the migration is missing, the database fails or does not answer in time', async () => {
    expect((await checkReadiness(dbAnswering([]), state)).body).toMatchObject({ migrations: 'pending' });
    expect((await checkReadiness(dbAnswering(new Error('down')), state)).body).toMatchObject({ database: 'unreachable' });
    expect((await checkReadiness(dbAnswering('hang'), state, 20)).body).toMatchObject({ database: 'unreachable' });
  });
});
