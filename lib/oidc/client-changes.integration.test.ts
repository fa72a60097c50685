/**
 * The provider's client cache and what may never come from it, on SQLite and PostgreSQL:
 * - every client use case (create, update, rotate, revoke, delete) publishes 'oidc-clients-changed'
 *   with the client's id after it commits, and the process's cache forgets that client;
 * - deleting an application publishes it for every client attached to it (in the same
 *   transaction), so the cache forgets them at once, and their tokens and consents go with them;
 * - through the built server, a client changed behind the cache's back (as another instance's
 *   change looks until its notification arrives): a deleted confidential client's right secret
 *   authenticates nothing, a rotated secret stops working at once, and a deleted public client's
 *   refresh token obtains nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../applications/create-application';
import { deleteApplication } from '../applications/delete-application';
import type { Db } from '../db';
import { subscribe } from '../events/local-bus';
import { sha256Hex } from '../crypto';
import { applicationInput } from '../../test/support/application-input';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { Browser, seedOidcApplication, seedOidcClient, type SeededClient } from '../../test/support/oidc';
import { codeGrant, obtainCode, tokenRequest } from '../../test/support/oidc-raw';
import { seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { processClientCache } from './client-cache';
import { createClient } from './clients/create-client';
import { deleteClient } from './clients/delete-client';
import { revokeClientTokens } from './clients/revoke-client-tokens';
import { rotateClientSecret } from './clients/rotate-client-secret';
import { templateDefaults } from './clients/templates';
import { updateClient } from './clients/update-client';

const actor = { id: 'admin-1', name: 'admin' };
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

describe.each(DIALECTS)('client changes and the client cache on %s', (dialect) => {
  let t: TestDatabase;
  let db: Db;
  let server: GatehouseProcess;
  let issuer: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    db = t.db;
    server = await startGatehouse({ env: { DATABASE_URL: t.url } });
    issuer = `http://localhost:${server.port}`;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it('publishes every client change after it commits, and the cache forgets that client', async () => {
    const origin = 'http://paperless.localhost:8000';
    const applicationId = (await createApplication(db, actor, applicationInput({ name: 'Paperless', urls: [origin] }), { meta })).id;
    const heard: (string[] | undefined)[] = [];
    const unsubscribe = subscribe('oidc-clients-changed', (event) => heard.push(event.clientIds));
    const cache = processClientCache();
    const loads: string[] = [];
    const load = async (id: string) => {
      loads.push(id);
      return { client_id: id };
    };
    try {
      const input = { ...templateDefaults('paperless', { name: 'Paperless', origin }), applicationId };
      const { clientId } = await createClient(db, actor, input, meta);
      const changes = [
        () => updateClient(db, actor, { ...input, id: clientId, name: 'Paperless 2' }, meta),
        () => rotateClientSecret(db, actor, { id: clientId }, meta),
        () => revokeClientTokens(db, actor, { id: clientId }, meta),
        () => deleteClient(db, actor, { id: clientId }, meta),
      ];
      for (const change of changes) {
        await cache.get(clientId, load);
        await cache.get(clientId, load);
        await change();
      }
      await cache.get(clientId, load);
      expect(heard).toEqual([[clientId], [clientId], [clientId], [clientId], [clientId]]);
      // Filled once before each of the four changes, and once more after the last.
      expect(loads).toHaveLength(5);
    } finally {
      unsubscribe();
    }
  });

  it("deleting an application publishes its clients' change after it commits, and the cache forgets them at once", async () => {
    const origin = 'http://immich.localhost:8000';
    const applicationId = (await createApplication(db, actor, applicationInput({ name: 'Immich', urls: [origin] }), { meta })).id;
    const other = await seedOidcClient(db, { applicationId: await seedOidcApplication(db), redirectUris: ['http://127.0.0.1:9/cb'] });
    const input = { ...templateDefaults('paperless', { name: 'Immich', origin }), applicationId };
    const ids = [(await createClient(db, actor, input, meta)).clientId, (await createClient(db, actor, { ...input, name: 'Immich 2' }, meta)).clientId];
    const user = await createTestUser(db);
    await db.oidcConsent.create({ data: { userId: user.id, clientId: ids[0]!, scopes: 'openid' } });
    await db.oidcPayload.create({ data: { id: `rt-${ids[0]}`, model: 'RefreshToken', payload: '{}', clientId: ids[0]!, accountId: user.id } });
    const cache = processClientCache();
    const load = async (id: string) => ({ client_id: id });
    for (const id of [...ids, other.clientId]) await cache.get(id, load);
    const cached = (id: string) => {
      let loaded = false;
      return cache
        .get(id, async (key) => {
          loaded = true;
          return { client_id: key };
        })
        .then(() => !loaded);
    };
    expect(await Promise.all([...ids, other.clientId].map(cached))).toEqual([true, true, true]);
    const heard: (string[] | undefined)[] = [];
    const unsubscribe = subscribe('oidc-clients-changed', (event) => heard.push(event.clientIds));
    try {
      await deleteApplication(db, actor, { id: applicationId }, meta);
    } finally {
      unsubscribe();
    }
    expect(heard).toEqual([[...ids].sort()]);
    expect(await Promise.all(ids.map(cached))).toEqual([false, false]);
    expect(await cached(other.clientId)).toBe(true);
    expect(await db.oidcClient.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await db.oidcConsent.count({ where: { clientId: { in: ids } } })).toBe(0);
    expect(await db.oidcPayload.count({ where: { clientId: { in: ids } } })).toBe(0);
  });

  const scope = { scope: 'openid profile offline_access', prompt: 'consent' };

  async function tokensFor(client: SeededClient, auth: { basic?: [string, string] }) {
    const user = await createTestUser(db);
    const { code, verifier } = await obtainCode(issuer, client, new Browser(await seedSession(db, { userId: user.id })), scope);
    const form = { ...codeGrant(client, code, verifier), ...(auth.basic ? {} : { client_id: client.clientId }) };
    const tokens = await tokenRequest(issuer, form, auth);
    expect(tokens).toMatchObject({ status: 200, body: { refresh_token: expect.any(String) } });
    return tokens.body;
  }
  const refresh = (client: SeededClient, refreshToken: unknown, auth: { basic?: [string, string] }) =>
    tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: String(refreshToken), ...(auth.basic ? {} : { client_id: client.clientId }) }, auth);

  it('a confidential client deleted behind the cache authenticates nothing, whatever its tokens', async () => {
    const client = await seedOidcClient(db, { applicationId: await seedOidcApplication(db), redirectUris: ['http://127.0.0.1:9/cb'] });
    const auth = { basic: [client.clientId, client.secret!] as [string, string] };
    const first = await tokensFor(client, auth);
    const second = await refresh(client, first.refresh_token, auth);
    expect(second.status).toBe(200);
    // Gone from the database, not through the use case: no notification, the cache still holds it.
    await db.oidcClient.delete({ where: { id: client.clientId } });
    expect(await db.oidcPayload.count({ where: { clientId: client.clientId, model: 'RefreshToken' } })).toBeGreaterThan(0);
    expect(await refresh(client, second.body.refresh_token, auth)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const introspection = await tokenRequest(issuer, { token: String(second.body.access_token) }, { ...auth, path: '/oidc/token/introspection' });
    expect(introspection).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('a secret rotated behind the cache stops working at once; the new one works', async () => {
    const client = await seedOidcClient(db, { applicationId: await seedOidcApplication(db), redirectUris: ['http://127.0.0.1:9/cb'] });
    const tokens = await tokensFor(client, { basic: [client.clientId, client.secret!] });
    const secret = 'a-new-secret-set-directly-in-the-database';
    await db.oidcClient.update({ where: { id: client.clientId }, data: { secretHash: sha256Hex(secret) } });
    expect(await refresh(client, tokens.refresh_token, { basic: [client.clientId, client.secret!] })).toMatchObject({ status: 401 });
    expect(await refresh(client, tokens.refresh_token, { basic: [client.clientId, secret] })).toMatchObject({ status: 200 });
  });

  it('a public client deleted behind the cache obtains nothing with its refresh token', async () => {
    const client = await seedOidcClient(db, { applicationId: await seedOidcApplication(db), type: 'public', redirectUris: ['http://127.0.0.1:9/cb'] });
    const first = await tokensFor(client, {});
    const second = await refresh(client, first.refresh_token, {});
    expect(second.status).toBe(200);
    await db.oidcClient.delete({ where: { id: client.clientId } });
    expect(await refresh(client, second.body.refresh_token, {})).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await db.oidcPayload.count({ where: { clientId: client.clientId, model: 'AccessToken' } })).toBe(2);
  });
});
