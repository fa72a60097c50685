/**
 * Every setup card, checked by the relying party it is written for: for each template, a client is
 * made as the admin console makes it (templateDefaults + createClient, the secret shown once), its
 * card is built (buildSetupCard), `openid-client` is configured ONLY from what the card tells the
 * admin to paste, read the way that app reads it (test/oidc/card-relying-party.ts: Paperless's
 * PAPERLESS_SOCIALACCOUNT_PROVIDERS JSON, Nextcloud's occ command, Gitea's and Forgejo's
 * add-oauth command, Proxmox's pveum command, Portainer's hand-entered endpoints without
 * discovery, Grafana's grafana.ini, the generic JSON), with the redirect URI the app itself builds,
 * its token endpoint authentication and PKCE as the card says, and a code flow is completed
 * against the built server; the user name the app reads is the user's. SQLite and PostgreSQL.
 */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { buildSetupCard } from '../../lib/oidc/clients/setup-card';
import { createClient } from '../../lib/oidc/clients/create-client';
import { templateDefaults } from '../../lib/oidc/clients/templates';
import { CLIENT_TEMPLATES, type TClientTemplate } from '../../lib/oidc/clients/types';
import { createTestUser } from '../support/fixtures';
import { freeLoopbackPort } from '../support/free-port';
import { type GatehouseProcess, startGatehouse } from '../support/gatehouse-process';
import { seedSession } from '../support/seed';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-db';
import { type CardRelyingParty, relyingPartyFromCard } from './card-relying-party';
import { followAuthorization, PathCookieJar } from './follow-authorization';

const ADMIN = { id: 'card-check', name: 'card-check' };
/** Where each app would live (never contacted: the flow ends at its redirect URI). Proxmox keeps its port. */
const appOrigin = (template: TClientTemplate) => (template === 'proxmox' ? 'https://pve.example.test:8006' : `https://${template}.example.test`);

async function configure(rp: CardRelyingParty): Promise<client.Configuration> {
  const auth =
    rp.authMethod === 'none'
      ? client.None()
      : rp.authMethod === 'client_secret_post'
        ? client.ClientSecretPost(rp.clientSecret)
        : client.ClientSecretBasic(rp.clientSecret);
  if (rp.provider.kind === 'discovery') {
    // An app given the issuer reads <issuer>/.well-known/openid-configuration; openid-client then checks the issuer too.
    const url = new URL(rp.provider.url.replace(/\/\.well-known\/openid-configuration$/, ''));
    return client.discovery(url, rp.clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
  }
  // No discovery (Portainer, Grafana): the endpoints as entered. These apps do plain OAuth 2.0 and
  // read the user from the resource (userinfo) URL; openid-client still checks the ID token and the
  // `iss` of the response, against the origin of the addresses the admin entered.
  const config = new client.Configuration(
    {
      issuer: new URL(rp.provider.authorizationEndpoint).origin,
      authorization_endpoint: rp.provider.authorizationEndpoint,
      token_endpoint: rp.provider.tokenEndpoint,
      userinfo_endpoint: rp.provider.userinfoEndpoint,
    },
    rp.clientId,
    undefined,
    auth,
  );
  client.allowInsecureRequests(config);
  return config;
}

type Checks = { state: string; nonce: string; verifier: string };

/**
 * The token request, as the app sends it: the redirect_uri of the authorization request again.
 * openid-client takes it from the callback URL, which the URL parser writes with a "/" after an
 * origin-only redirect URI (Proxmox's, Portainer's): for those the same checks are made by hand
 * (state, the response's `iss` per RFC 9207, the nonce of the ID token, which openid-client
 * validates) around a plain authorization_code grant with the exact redirect_uri.
 */
async function finishCodeFlow(config: client.Configuration, callback: URL, rp: CardRelyingParty, checks: Checks) {
  const pkce = rp.usePkce ? { pkceCodeVerifier: checks.verifier } : {};
  if (callback.href.split(/[?#]/)[0] === rp.redirectUri) {
    return client.authorizationCodeGrant(config, callback, { expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true, ...pkce });
  }
  expect(callback.searchParams.get('state')).toBe(checks.state);
  expect(callback.searchParams.get('iss')).toBe(config.serverMetadata().issuer);
  const tokens = await client.genericGrantRequest(config, 'authorization_code', {
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: rp.redirectUri,
    ...(rp.usePkce ? { code_verifier: checks.verifier } : {}),
  });
  expect(tokens.claims()?.nonce).toBe(checks.nonce);
  return tokens;
}

describe.each(DIALECTS)('setup cards configure working relying parties (%s)', (dialect) => {
  let database: TestDatabase;
  let db: Db;
  let gatehouse: GatehouseProcess;
  let issuer: string;
  let applicationId: string;
  let user: { id: string; username: string };
  let sessionCookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    const port = await freeLoopbackPort();
    issuer = `http://127.0.0.1:${port}`;
    user = await createTestUser(db, { groups: ['card-check'] });
    const token = await seedSession(db, { userId: user.id, level: 'two_factor' });
    // A session that proved a password and an authenticator app (as the sign-in step records it).
    await db.session.update({
      where: { tokenHash: sha256Hex(token) },
      data: { factorProvenAt: new Date(), passwordProvenAt: new Date(), amr: JSON.stringify(['pwd', 'otp', 'mfa']) },
    });
    sessionCookie = `gatehouse_session=${token}`;
    const application = await db.application.create({
      data: { slug: 'card-check', name: 'Card check', upstream: 'http://127.0.0.1:9', position: 1, subjects: '["group:card-check"]', level: 'two_factor' },
      select: { id: true },
    });
    applicationId = application.id;
    gatehouse = await startGatehouse({ port, env: { GATEHOUSE_URL: issuer, DATABASE_URL: database.url } });
  });

  afterAll(async () => {
    await gatehouse?.stop();
    await database?.drop();
  });

  async function signInWithCard(template: TClientTemplate): Promise<void> {
    const defaults = templateDefaults(template, { name: `Card ${template}`, origin: appOrigin(template) });
    // The generic template knows no callback: the admin enters the one the app shows.
    if (template === 'generic') defaults.redirectUris = [`${appOrigin(template)}/oauth/callback`];
    // First-party: the consent screen is not what this test is about.
    const { clientId, secret } = await createClient(db, ADMIN, { ...defaults, firstParty: true, applicationId });
    const card = buildSetupCard({
      template,
      clientId,
      clientSecret: secret,
      issuer,
      redirectUris: defaults.redirectUris,
      postLogoutRedirectUris: defaults.postLogoutRedirectUris,
      scopes: defaults.scopes,
      tokenEndpointAuthMethod: defaults.tokenEndpointAuthMethod,
      requirePkce: defaults.requirePkce,
    });
    const rp = relyingPartyFromCard(card, { origin: appOrigin(template) });
    expect(rp.clientId).toBe(clientId);
    expect(rp.clientSecret).toBe(secret ?? '');
    const config = await configure(rp);
    // What apps that read discovery decide from it (user_oidc: the auth method and PKCE) is listed there.
    const discovered = config.serverMetadata();
    expect(rp.provider.kind === 'manual' || discovered.token_endpoint_auth_methods_supported?.includes(rp.authMethod)).toBe(true);
    expect(rp.provider.kind === 'manual' || discovered.code_challenge_methods_supported?.includes('S256')).toBe(true);

    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const params: Record<string, string> = { redirect_uri: rp.redirectUri, scope: rp.scope, state, nonce };
    if (rp.usePkce) Object.assign(params, { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const jar = new PathCookieJar();
    jar.store([`${sessionCookie}; Path=/`]);
    const callback = await followAuthorization(client.buildAuthorizationUrl(config, params), rp.redirectUri, jar);
    expect(callback.searchParams.get('error'), callback.searchParams.get('error_description') ?? '').toBeNull();

    const tokens = await finishCodeFlow(config, callback, rp, { state, nonce, verifier });
    const username =
      rp.usernameFrom === 'userinfo'
        ? (await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck))[rp.usernameClaim]
        : tokens.claims()?.[rp.usernameClaim];
    expect(username).toBe(user.username);
  }

  it.each(CLIENT_TEMPLATES)('%s: the card alone is enough to sign in', signInWithCard);
});
