/**
 * The OpenID Connect provider through the built server (dist/server.mjs), with openid-client as
 * the relying party, on SQLite and PostgreSQL: discovery, the code flow with PKCE through the
 * interaction, the ID token's claims (on and off per client, RS256 and ES256), userinfo,
 * refresh-token rotation, introspection, revocation, RP-initiated logout, and public clients with
 * a custom-scheme and a loopback redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import type { Db } from '../db';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { Browser, relyingParty, seedOidcApplication, seedOidcClient, signInWithOidc } from '../../test/support/oidc';
import { seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';

describe.each(DIALECTS)('the OpenID Connect provider on %s', (dialect) => {
  let t: TestDatabase;
  let db: Db;
  let server: GatehouseProcess;
  let issuer: string;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  let applicationId: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    db = t.db;
    server = await startGatehouse({ env: { DATABASE_URL: t.url } });
    issuer = `http://localhost:${server.port}`;
    user = await createTestUser(db, { groups: ['family'], displayName: 'Mia Example' });
    applicationId = await seedOidcApplication(db, { subjects: ['group:family'], level: 'one_factor' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it('publishes discovery with the agreed endpoints, methods and algorithms', async () => {
    const response = await fetch(`${server.direct}/.well-known/openid-configuration`, {
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oidc/auth`,
      token_endpoint: `${issuer}/oidc/token`,
      userinfo_endpoint: `${issuer}/oidc/me`,
      jwks_uri: `${issuer}/oidc/jwks`,
      revocation_endpoint: `${issuer}/oidc/token/revocation`,
      introspection_endpoint: `${issuer}/oidc/token/introspection`,
      end_session_endpoint: `${issuer}/oidc/session/end`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(doc.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']));
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'groups', 'offline_access']));
    expect(doc.acr_values_supported).toEqual(['one_factor', 'two_factor']);
  });

  it('signs a user in with the code flow and PKCE: ID token claims, userinfo, refresh rotation, introspection, revocation', async () => {
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/callback'] });
    const config = await relyingParty(issuer, client);
    const browser = new Browser(await seedSession(db, { userId: user.id }));
    const tokens = await signInWithOidc(issuer, config, client, browser);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: issuer,
      aud: client.clientId,
      sub: user.id,
      preferred_username: user.username,
      name: 'Mia Example',
      email: user.email,
      groups: ['family'],
      acr: 'one_factor',
      amr: [],
    });
    expect(typeof claims.auth_time).toBe('number');
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(info).toMatchObject({ sub: user.id, preferred_username: user.username, groups: ['family'], email_verified: false });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);
    expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);

    await oidc.tokenRevocation(config, refreshed.access_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
  });
});
