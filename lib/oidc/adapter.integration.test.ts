/**
 * The oidc-provider adapter on SQLite and PostgreSQL: lookups by id, uid and grant, expiry,
 * clients read from OidcClient, and single use under concurrency (one of N consumes wins; the
 * others revoke the grant and fail with invalid_grant, audited).
 */
import { errors } from 'oidc-provider';
import { loadOidcLibrary } from './oidc-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { seedOidcApplication, seedOidcClient } from '../../test/support/oidc';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createPrismaAdapter, payloadColumns } from './adapter';
import { createClientCache } from './client-cache';
import { createOidcStore, type OidcStore } from './oidc-store';

describe.each(DIALECTS)('the OIDC adapter on %s', (dialect) => {
  let t: TestDatabase;
  let db: Db;
  let now = new Date();
  let Adapter: ReturnType<typeof createPrismaAdapter>;
  let store: OidcStore;

  beforeAll(async () => {
    await loadOidcLibrary();
    t = await createTestDatabase(dialect);
    db = t.db;
    store = await createOidcStore({ dialect, url: t.url, sqlitePath: undefined }, () => db);
    Adapter = createPrismaAdapter({
      db: () => db,
      store: () => store,
      clients: createClientCache(),
      meta: () => ({ ip: '192.0.2.9', userAgent: 'test' }),
      now: () => now,
    });
  });

  afterAll(async () => {
    await store?.close();
    await t?.drop();
  });

  it('stores, finds by id and uid, and treats expired rows as absent', async () => {
    const sessions = new Adapter('Session');
    await sessions.upsert('s1', { jti: 's1', uid: 'u1', accountId: 'acc1', exp: 0 }, 60);
    expect(await sessions.find('s1')).toMatchObject({ uid: 'u1', accountId: 'acc1' });
    expect(await sessions.findByUid('u1')).toMatchObject({ jti: 's1' });
    await sessions.upsert('s1', { jti: 's1', uid: 'u1', accountId: 'acc1', loginTs: 5 }, 60);
    expect(await sessions.find('s1')).toMatchObject({ loginTs: 5 });
    const stored = await db.oidcPayload.findUnique({ where: { model_id: { model: 'Session', id: 's1' } } });
    // The raw statement writes the columns as Prisma does: its own reads (and the expiry sweep) see them.
    expect(stored).toMatchObject({ accountId: 'acc1', uid: 'u1', expiresAt: new Date(now.getTime() + 60_000) });
    expect(stored?.createdAt.getTime()).toBe(now.getTime());
    now = new Date(now.getTime() + 61_000);
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
    await sessions.destroy('s1');
    expect(await db.oidcPayload.count({ where: { model: 'Session' } })).toBe(0);
  });

  it('fills the lookup columns: an interaction names its client, a grant is its own grant', () => {
    expect(payloadColumns('Interaction', 'i1', { params: { client_id: 'c9' }, session: { accountId: 'a1' } })).toEqual({
      grantId: null,
      uid: null,
      userCode: null,
      accountId: 'a1',
      clientId: 'c9',
    });
    expect(payloadColumns('Grant', 'g1', { accountId: 'a1', clientId: 'c1' })).toMatchObject({ grantId: 'g1', accountId: 'a1', clientId: 'c1' });
  });

  it('reads clients from OidcClient rows', async () => {
    const applicationId = await seedOidcApplication(db);
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['https://app.example.test/cb'] });
    expect(await new Adapter('Client').find(client.clientId)).toMatchObject({ client_id: client.clientId, redirect_uris: ['https://app.example.test/cb'] });
    expect(await new Adapter('Client').find('missing')).toBeUndefined();
  });

  it('lets exactly one of many concurrent consumes win; the others revoke the grant and fail with invalid_grant', async () => {
    const codes = new Adapter('AuthorizationCode');
    const grants = new Adapter('Grant');
    const tokens = new Adapter('AccessToken');
    await grants.upsert('g2', { jti: 'g2', accountId: 'a2', clientId: 'c2' }, 600);
    await codes.upsert('code2', { jti: 'code2', grantId: 'g2', accountId: 'a2', clientId: 'c2' }, 60);
    await tokens.upsert('at2', { jti: 'at2', grantId: 'g2', accountId: 'a2', clientId: 'c2' }, 600);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => codes.consume('code2')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(errors.InvalidGrant);
    expect(await db.oidcPayload.count({ where: { grantId: 'g2' } })).toBe(0);
    expect(await db.auditEvent.count({ where: { type: 'oidc.token_replay' } })).toBeGreaterThanOrEqual(1);
  });

  it('marks a consumed object and revokes by grant for its own model only', async () => {
    const refresh = new Adapter('RefreshToken');
    await refresh.upsert('rt3', { jti: 'rt3', grantId: 'g3' }, 600);
    await new Adapter('AccessToken').upsert('at3', { jti: 'at3', grantId: 'g3' }, 600);
    await refresh.consume('rt3');
    expect((await refresh.find('rt3'))?.consumed).toEqual(expect.any(Number));
    await refresh.revokeByGrantId('g3');
    expect(await refresh.find('rt3')).toBeUndefined();
    expect(await new Adapter('AccessToken').find('at3')).toBeDefined();
  });

  it("writes through Prisma's queue while a transaction holds the lock, and still consumes exactly once", async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('code5', { jti: 'code5', grantId: 'g5', accountId: 'a5', clientId: 'c5' }, 60);
    let consumed!: Promise<void>;
    let saved!: Promise<void>;
    await db.$transaction(async (tx) => {
      await tx.oidcPayload.create({ data: { model: 'Session', id: 'holds-the-lock', payload: '{}' } });
      consumed = codes.consume('code5');
      saved = codes.upsert('code6', { jti: 'code6', grantId: 'g5' }, 60);
      // On SQLite the provider's writer found the lock taken and queued its statement behind this transaction.
      if (dialect === 'sqlite')
        expect((await tx.oidcPayload.findUnique({ where: { model_id: { model: 'AuthorizationCode', id: 'code5' } } }))?.consumedAt).toBeNull();
    });
    await Promise.all([consumed, saved]);
    expect((await codes.find('code5'))?.consumed).toEqual(expect.any(Number));
    expect(await codes.find('code6')).toMatchObject({ jti: 'code6' });
    await expect(codes.consume('code5')).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('finds a token with its grant in one read, and the grant by itself', async () => {
    await new Adapter('Grant').upsert('g7', { jti: 'g7', accountId: 'a7', clientId: 'c7' }, 600);
    await new Adapter('RefreshToken').upsert('rt7', { jti: 'rt7', grantId: 'g7', accountId: 'a7', clientId: 'c7' }, 600);
    const row = await store.payload('RefreshToken', 'rt7');
    expect(row).toMatchObject({ grantId: 'g7', grant: { consumedAt: null } });
    expect(JSON.parse(row?.grant?.payload ?? '{}')).toMatchObject({ jti: 'g7', accountId: 'a7' });
    expect(await new Adapter('Grant').find('g7')).toMatchObject({ jti: 'g7' });
    expect((await store.payload('Grant', 'g7'))?.grant).toBeNull();
  });
});
