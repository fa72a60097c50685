/**
 * OpenID Connect clients imported from Authelia against the real token endpoint (the built server,
 * openid-client as the relying party): a client whose secret Authelia stored as a PBKDF2-SHA512
 * digest (made by passlib, not by Gatehouse) signs in with its secret, and is refused with a wrong
 * one; a `$plaintext$` secret works too, stored only as its SHA-256.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../../test/support/gatehouse-process';
import { Browser, relyingParty, seedOidcApplication, signInWithOidc } from '../../../test/support/oidc';
import { codeGrant, obtainCode, tokenRequest } from '../../../test/support/oidc-raw';
import { seedSession } from '../../../test/support/seed';
import { DIALECTS, type TestDatabase } from '../../../test/support/test-db';
import { buildTestPlan } from '../../../test/support/authelia-apply-plan';
import type { TestEnv } from '../../../test/support/test-env';
import { openImportFixture } from '../../../test/support/authelia/import-fixture';
import { sha256Hex } from '../../crypto';
import { DEFAULT_CHOICES, type ImportPlan } from '../types';
import { applyAutheliaImport } from './apply-authelia-import';

const SECRET = 'tiger-secret-42';
/** passlib 1.7.4 pbkdf2_sha512 of SECRET (Debian python3-passlib). */
const PBKDF2_DIGEST = '$pbkdf2-sha512$1000$1noPYWwN4ZyTEsLYe4/xHg$683whcfyGiSLqGDeifY4WGl2HK.3hcUTFba.NKGHkw9TUYeRPsHkStJG88iJPzxrxeIpxrUANm3s2f/WzMcsBQ';

describe.each(DIALECTS)('imported OpenID Connect clients at the token endpoint on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let server: GatehouseProcess;
  let issuer: string;
  let userId: string;
  let host: string;
  let close = async () => {};

  beforeAll(async () => {
    ({ t, testEnv, close } = await openImportFixture(dialect, { env: {} }));
    server = await startGatehouse({ env: { DATABASE_URL: t.url } });
    issuer = `http://localhost:${server.port}`;
    userId = (await createTestUser(t.db)).id;
    const applicationId = await seedOidcApplication(t.db, { level: 'one_factor' });
    const app = await t.db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { urls: true } });
    host = new URL((JSON.parse(app.urls) as string[])[0]!).host;
    const admin = await createTestUser(t.db, { groups: ['admins'] });
    const plan: ImportPlan = { ...buildTestPlan('oidc'), users: [], passwords: [], totp: [], webauthn: [], rules: [], settings: [] };
    const [digested, plaintext] = [plan.oidcClients[0]!, plan.oidcClients[0]!];
    plan.oidcClients = [
      { ...digested, data: { ...digested.data, clientId: 'paperless-digest', secretDigest: PBKDF2_DIGEST, redirectUris: [`https://${host}/callback`] } },
      {
        ...plaintext,
        key: 'paperless-plain',
        data: { ...plaintext.data, clientId: 'paperless-plain', secretDigest: `$plaintext$${SECRET}`, redirectUris: [`https://${host}/plain`] },
      },
    ];
    const result = await applyAutheliaImport(t.db, plan, DEFAULT_CHOICES, { id: admin.id, name: admin.username }, { env: testEnv.env });
    expect(result.counts.oidcClients).toEqual({ created: 2 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await close();
  });

  const signIn = async (clientId: string, path: string, secret: string) => {
    const client = { clientId, secret, redirectUri: `https://${host}${path}` };
    return signInWithOidc(issuer, await relyingParty(issuer, client), client, new Browser(await seedSession(t.db, { userId })));
  };

  /** A code, refused with a wrong secret (401 invalid_client), then redeemed with the right one. */
  const wrongThenRight = async (clientId: string, path: string) => {
    const client = { clientId, secret: SECRET, redirectUri: `https://${host}${path}` };
    const { code, verifier } = await obtainCode(issuer, client, new Browser(await seedSession(t.db, { userId })));
    expect(await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: [clientId, `${SECRET}-wrong`] })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect((await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: [clientId, SECRET] })).status).toBe(200);
  };

  it("accepts the secret Authelia's PBKDF2 digest was made from, at every call, and refuses a wrong one", async () => {
    for (let round = 0; round < 2; round++) expect((await signIn('paperless-digest', '/callback', SECRET)).access_token).toBeTruthy();
    await wrongThenRight('paperless-digest', '/callback');
    const stored = await t.db.oidcClient.findUniqueOrThrow({ where: { id: 'paperless-digest' }, select: { secretHash: true } });
    expect(stored.secretHash).toBe(PBKDF2_DIGEST);
  });

  it('accepts a $plaintext$ secret, stored only as its SHA-256, and refuses a wrong one', async () => {
    const stored = await t.db.oidcClient.findUniqueOrThrow({ where: { id: 'paperless-plain' }, select: { secretHash: true } });
    expect(stored.secretHash).toBe(sha256Hex(SECRET));
    expect((await signIn('paperless-plain', '/plain', SECRET)).access_token).toBeTruthy();
    await wrongThenRight('paperless-plain', '/plain');
  });
});
