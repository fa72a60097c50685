/**
 * The OpenID Connect provider through the built server (dist/server.mjs), with openid-client as
 * the relying party, on SQLite and PostgreSQL: discovery, the code flow with PKCE through the
 * interaction, the ID token's claims (on and off per client, RS256 and ES256), userinfo,
 * refresh-token rotation, introspection, revocation, RP-initiated logout, and public clients with
 * a custom-scheme and a loopback redirect.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { loadSecrets } from '../config/secrets';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import {
  Browser,
  continueTarget,
  relyingParty,
  seedOidcApplication,
  seedOidcClient,
  signInWithOidc,
  signInWithPasswordForm,
  startAuthorization,
} from '../../test/support/oidc';
import { authorizeUrl, pkcePair } from '../../test/support/oidc-raw';
import { rotateSigningKeys } from './signing-keys';
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

  let backchannel: Server;
  let backchannelPort: number;
  const logoutTokens: string[] = [];

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
    backchannel?.close();
  });

  beforeAll(async () => {
    backchannel = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) logoutTokens.push(token);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => backchannel.listen(0, '127.0.0.1', resolve));
    backchannelPort = (backchannel.address() as { port: number }).port;
  });

  /** The claims of a JWT, unverified (openid-client verified it already). */
  const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

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

  it('signs ID tokens with ES256 for a client that chose it, and keeps the claims at userinfo for a client without claims in the ID token', async () => {
    const client = await seedOidcClient(db, {
      applicationId,
      redirectUris: ['http://127.0.0.1:9/es'],
      idTokenAlg: 'ES256',
      claimsInIdToken: false,
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const config = await relyingParty(issuer, client, 'post', 'ES256');
    const tokens = await signInWithOidc(issuer, config, client, new Browser(await seedSession(db, { userId: user.id })));
    expect(headerOf(tokens.id_token!).alg).toBe('ES256');
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(user.id);
    for (const name of ['email', 'preferred_username', 'groups', 'name']) expect(claims).not.toHaveProperty(name);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(info).toMatchObject({ preferred_username: user.username, email: user.email, groups: ['family'] });
  });

  it('serves a public client with a custom-scheme redirect and PKCE, and a native client on a loopback redirect with another port', async () => {
    const phone = await seedOidcClient(db, { applicationId, type: 'public', redirectUris: ['x-paperless://oidc-callback'] });
    const config = await relyingParty(issuer, phone, 'none');
    const tokens = await signInWithOidc(issuer, config, phone, new Browser(await seedSession(db, { userId: user.id })));
    expect(tokens.claims()!.sub).toBe(user.id);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();

    const desktop = await seedOidcClient(db, { applicationId, type: 'public', redirectUris: ['http://127.0.0.1:8080/callback'] });
    const other = { ...desktop, redirectUri: 'http://127.0.0.1:53017/callback' };
    const desktopConfig = await relyingParty(issuer, desktop, 'none');
    const desktopTokens = await signInWithOidc(issuer, desktopConfig, other, new Browser(await seedSession(db, { userId: user.id })));
    expect(desktopTokens.claims()!.aud).toBe(desktop.clientId);
    // Not for a custom scheme or a path change: those are other URIs.
    const browser = new Browser(await seedSession(db, { userId: user.id }));
    const moved = await browser.request(
      authorizeUrl(
        issuer,
        { clientId: desktop.clientId, redirectUri: 'http://127.0.0.1:53017/elsewhere' },
        { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' },
      ),
    );
    expect(moved.status).toBe(400);
  });

  it('asks for consent for a client that is not first-party, remembers it, and refuses a confirm from another origin', async () => {
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/consent'], firstParty: false });
    const browser = new Browser(await seedSession(db, { userId: user.id }));
    const { challenge } = pkcePair();
    const first = await browser.follow(authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(first.stoppedAt).toMatch(/\/consent\/[A-Za-z0-9_-]+$/);
    const uid = first.stoppedAt!.split('/').pop()!;
    const confirm = `${issuer}/oidc/interaction/${uid}/confirm`;
    // The consent page (a Next page) reads this interaction and posts its decision here.
    if (first.stoppedAt === undefined) throw new Error('the consent page was skipped');
    expect(first.status).toBe(200);
    expect(first.body).toContain(`action="/oidc/interaction/${uid}/confirm"`);
    expect((await browser.request(`${issuer}/oidc/interaction/${uid}`, { method: 'HEAD' })).status).toBe(405);
    expect((await browser.request(confirm)).status).toBe(405);
    const foreign = await browser.request(confirm, { method: 'POST', body: 'decision=allow', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const bad = await browser.request(confirm, { method: 'POST', body: 'decision=maybe', headers: { origin: issuer } });
    expect(bad.status).toBe(400);
    // Another browser (the same Gatehouse user, no interaction cookie) cannot answer it.
    const stranger = new Browser(await seedSession(db, { userId: user.id }));
    expect((await stranger.request(confirm, { method: 'POST', body: 'decision=allow', headers: { origin: issuer } })).status).toBe(400);
    const allowed = await browser.request(confirm, { method: 'POST', body: 'decision=allow', headers: { origin: issuer } });
    // A page that navigates on, not a redirect (the portal's form-action policy would block the app's redirect URI).
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('location')).toBeNull();
    const done = await browser.follow(new URL(continueTarget(await allowed.text()), issuer).href, issuer);
    expect(new URL(done.location!).searchParams.get('code')).toBeTruthy();
    expect(await db.oidcConsent.findUnique({ where: { userId_clientId: { userId: user.id, clientId: client.clientId } } })).toMatchObject({
      scopes: 'openid profile',
    });
    // Remembered: a new browser (no provider session) goes straight through.
    const again = await new Browser(await seedSession(db, { userId: user.id })).follow(
      authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256' }),
      issuer,
    );
    expect(new URL(again.location!).searchParams.get('code')).toBeTruthy();
    // A denial sends access_denied.
    const other = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/deny'], firstParty: false });
    const ask = await browser.follow(authorizeUrl(issuer, other, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    const denyUid = ask.stoppedAt!.split('/').pop()!;
    const denied = await browser.request(`${issuer}/oidc/interaction/${denyUid}/confirm`, {
      method: 'POST',
      body: 'decision=deny',
      headers: { origin: issuer },
    });
    const back = await browser.follow(new URL(continueTarget(await denied.text()), issuer).href, issuer);
    expect(new URL(back.location!).searchParams.get('error')).toBe('access_denied');
  });

  it('asks for a fresh proof for prompt=login and goes on once the session proved it again', async () => {
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/login'] });
    // Signed in ten minutes ago, before this request.
    const token = await seedSession(db, { userId: user.id });
    await db.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { createdAt: new Date(Date.now() - 600_000) } });
    const browser = new Browser(token);
    const { challenge } = pkcePair();
    const stopped = await browser.follow(authorizeUrl(issuer, client, { prompt: 'login', code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(stopped.stoppedAt).toMatch(/\/reauth\?rd=%2Foidc%2Finteraction%2F/);
    const rd = decodeURIComponent(new URL(stopped.stoppedAt!).searchParams.get('rd')!);
    await db.session.update({ where: { tokenHash: sha256Hex(token) }, data: { passwordProvenAt: new Date(Date.now() + 1000), amr: '["pwd"]' } });
    const done = await browser.follow(`${issuer}${rd}`, issuer);
    expect(new URL(done.location!).searchParams.get('code')).toBeTruthy();
  });

  it('ends the Gatehouse session on RP-initiated logout, with back-channel logout and an exact post-logout redirect', async () => {
    const client = await seedOidcClient(db, {
      applicationId,
      redirectUris: ['http://127.0.0.1:9/cb'],
      postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
      backchannelLogoutUri: `http://127.0.0.1:${backchannelPort}/backchannel`,
    });
    const config = await relyingParty(issuer, client);
    const token = await seedSession(db, { userId: user.id });
    const browser = new Browser(token);
    // Without offline_access: its grant ends with the session (an offline grant outlives it by design).
    const tokens = await signInWithOidc(issuer, config, client, browser, { scope: 'openid profile', prompt: '' });
    const endUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye', state: 'st' });
    const confirmPage = await browser.request(endUrl.href);
    expect(confirmPage.status).toBe(200);
    const html = await confirmPage.text();
    expect(html).toContain('Sign out?');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const ended = await browser.request(`${issuer}/oidc/session/end/confirm`, { method: 'POST', body: `xsrf=${xsrf}&logout=yes`, headers: { origin: issuer } });
    expect([302, 303]).toContain(ended.status);
    expect(ended.headers.get('location')).toBe('http://127.0.0.1:9/bye?state=st');
    const row = await db.session.findFirst({ where: { userId: user.id, revokedReason: 'sign_out' } });
    expect(row?.revokedAt).toBeTruthy();
    expect(await db.auditEvent.count({ where: { type: 'oidc.logout' } })).toBe(1);
    await expect.poll(() => logoutTokens.length).toBeGreaterThan(0);
    expect(payloadOf(logoutTokens[0]!)).toMatchObject({ iss: issuer, aud: client.clientId, sub: user.id });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('signs in through the real password form on the way: the ID token says what was proven (amr pwd)', async () => {
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/form'] });
    const config = await relyingParty(issuer, client);
    const browser = new Browser();
    const start = await startAuthorization(config, client, { scope: 'openid profile', prompt: '' });
    const toSignIn = await browser.follow(start.url.href, issuer);
    const rd = new URL(toSignIn.stoppedAt!).searchParams.get('rd')!;
    expect(rd).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
    const next = await signInWithPasswordForm(browser, issuer, { login: user.username, password: TEST_PASSWORD, rd });
    expect(next).toBe(rd);
    const done = await browser.follow(`${issuer}${next}`, issuer);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), {
      pkceCodeVerifier: start.verifier,
      expectedState: start.state,
      expectedNonce: start.nonce,
    });
    expect(tokens.claims()).toMatchObject({ sub: user.id, acr: 'one_factor', amr: ['pwd'] });
  });

  it('signs with the new keys after a rotation, and keeps the old public keys published', async () => {
    const before = ((await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const { kids } = await rotateSigningKeys(db, {
      actor: { id: 'test', name: 'test' },
      meta: { ip: null, userAgent: null },
      env: { secrets: loadSecrets(server.dataDir, undefined) },
    });
    await expect
      .poll(async () => ((await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid), {
        timeout: 15_000,
        interval: 500,
      })
      .toEqual(expect.arrayContaining([...kids, ...before]));
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/rotated'] });
    const tokens = await signInWithOidc(issuer, await relyingParty(issuer, client), client, new Browser(await seedSession(db, { userId: user.id })), {
      scope: 'openid',
      prompt: '',
    });
    expect(kids).toContain(headerOf(tokens.id_token!).kid);
  });

  it('follows the Gatehouse session when another user signs in in the same browser (never the old user of the provider session)', async () => {
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/switch'] });
    const config = await relyingParty(issuer, client);
    const browser = new Browser(await seedSession(db, { userId: user.id }));
    expect((await signInWithOidc(issuer, config, client, browser, { scope: 'openid', prompt: '' })).claims()!.sub).toBe(user.id);
    const other = await createTestUser(db, { groups: ['family'] });
    browser.cookies.set('gatehouse_session', await seedSession(db, { userId: other.id }));
    expect((await signInWithOidc(issuer, config, client, browser, { scope: 'openid', prompt: '' })).claims()!.sub).toBe(other.id);
    // The library ended its own session for the switch; the new user's Gatehouse session stays.
    expect(await db.session.count({ where: { userId: other.id, revokedAt: null } })).toBe(1);
    // Signed out of Gatehouse: nothing silent any more.
    browser.cookies.delete('gatehouse_session');
    const silent = await browser.follow(
      authorizeUrl(issuer, client, { prompt: 'none', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' }),
      issuer,
    );
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
  });
});
