/**
 * Client authentication at the token endpoint is regulated like every credential check, on SQLite
 * and PostgreSQL through the built server: a burst of wrong secrets is counted per client and per
 * address, no more than the maximum are looked at, and the banned client is then refused even
 * with its right secret (the ban is decided before the secret is checked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { Browser, seedOidcApplication, seedOidcClient } from '../../test/support/oidc';
import { codeGrant, obtainCode, tokenRequest } from '../../test/support/oidc-raw';
import { seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';

describe.each(DIALECTS)('regulated client authentication on %s', (dialect) => {
  let t: TestDatabase;
  let db: Db;
  let server: GatehouseProcess;
  let issuer: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    db = t.db;
    server = await startGatehouse({ env: { DATABASE_URL: t.url, GATEHOUSE_REGULATION_MAX_FAILURES: '3' } });
    issuer = `http://localhost:${server.port}`;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it('looks at no more than the maximum of a burst of wrong secrets, then refuses the right one', async () => {
    const user = await createTestUser(db);
    const client = await seedOidcClient(db, { applicationId: await seedOidcApplication(db), redirectUris: ['http://127.0.0.1:9/cb'] });
    const { code, verifier } = await obtainCode(issuer, client, new Browser(await seedSession(db, { userId: user.id })));
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tokenRequest(issuer, codeGrant(client, code, verifier), { basic: [client.clientId, `wrong-${i}`] })),
    );
    for (const answer of burst) expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const checked = await db.auditEvent.findMany({ where: { type: 'oidc.client_auth_failed' }, select: { data: true } });
    expect(checked.filter((e) => e.data?.includes('wrong_secret')).length).toBeLessThanOrEqual(3);
    expect(checked.filter((e) => e.data?.includes('banned')).length).toBeGreaterThanOrEqual(7);
    // The client's ban names the client as its target (the admin's bans page and audit log link to it).
    expect(await db.auditEvent.count({ where: { type: 'regulation.banned', targetType: 'oidc_client', targetId: client.clientId } })).toBe(1);
    // Banned: the right secret is refused too, and the code is still unspent.
    expect(await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: [client.clientId, client.secret!] })).toMatchObject({ status: 401 });
    expect(await db.oidcPayload.count({ where: { clientId: client.clientId, model: 'AccessToken' } })).toBe(0);
  });
});
