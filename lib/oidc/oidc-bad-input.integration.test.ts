/**
 * The issue's "bad input" list against the built server, on SQLite and PostgreSQL: each gets the
 * error the spec names, nothing is issued, nothing crashes. Near-miss redirect URIs are generated
 * with fast-check; code and refresh-token replays are raced.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestUser } from '../../test/support/fixtures';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { Browser, seedOidcApplication, seedOidcClient, type SeededClient } from '../../test/support/oidc';
import { authorizeUrl, codeGrant, obtainCode, pkcePair, tokenRequest } from '../../test/support/oidc-raw';
import { seedSession } from '../../test/support/seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';

const REDIRECT = 'https://app.example.test/oauth/callback';

describe.each(DIALECTS)('bad input to the OpenID Connect provider on %s', (dialect) => {
  let t: TestDatabase;
  let db: Db;
  let server: GatehouseProcess;
  let issuer: string;
  let userId: string;
  let applicationId: string;
  let client: SeededClient;

  const basic = (c: SeededClient): [string, string] => [c.clientId, c.secret ?? ''];
  const browserFor = async (id = userId, level: 'one_factor' | 'two_factor' = 'one_factor') => new Browser(await seedSession(db, { userId: id, level }));
  const issuedRows = (clientId: string) => db.oidcPayload.count({ where: { clientId, model: { in: ['AuthorizationCode', 'AccessToken', 'RefreshToken'] } } });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    db = t.db;
    server = await startGatehouse({ env: { DATABASE_URL: t.url } });
    issuer = `http://localhost:${server.port}`;
    userId = (await createTestUser(db, { groups: ['family'] })).id;
    applicationId = await seedOidcApplication(db, { subjects: ['group:family'] });
    client = await seedOidcClient(db, { applicationId, redirectUris: [REDIRECT], postLogoutRedirectUris: ['https://app.example.test/bye'] });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it('refuses unregistered and near-miss redirect URIs with an error page, never a redirect', async () => {
    const nearMiss = fc.oneof(
      fc.constant(`${REDIRECT}/`),
      fc.constant(REDIRECT.toUpperCase()),
      fc.constant(REDIRECT.replace('app.example.test', 'APP.example.test')),
      fc.constant(REDIRECT.replace('/oauth/', '/OAuth/')),
      fc.integer({ min: 1, max: 65535 }).map((port) => REDIRECT.replace('app.example.test', `app.example.test:${port}`)),
      fc.stringMatching(/^[a-z0-9]{1,12}$/).map((extra) => `${REDIRECT}/${extra}`),
      fc.stringMatching(/^[a-z]{1,8}$/).map((user) => REDIRECT.replace('https://', `https://${user}@`)),
      fc.constant(REDIRECT.replace('https://', 'http://')),
      fc.stringMatching(/^[a-z]{1,8}$/).map((q) => `${REDIRECT}?${q}=1`),
      fc.constant(`${REDIRECT}#x`),
      fc.constant('https://evil.example/oauth/callback'),
    );
    const browser = await browserFor();
    await fc.assert(
      fc.asyncProperty(nearMiss, async (redirect) => {
        const response = await browser.request(authorizeUrl(issuer, { clientId: client.clientId, redirectUri: redirect }));
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        const body = await response.text();
        expect(body).toMatch(/invalid_redirect_uri|invalid_request/);
        expect(body).not.toMatch(/at \w+ \(|node_modules/);
      }),
      { numRuns: 30 },
    );
    expect(await issuedRows(client.clientId)).toBe(0);
  });

  it('refuses an unknown client at the authorization endpoint with an error page, and at the token endpoint with invalid_client', async () => {
    const response = await fetch(authorizeUrl(issuer, { clientId: 'no-such-client', redirectUri: REDIRECT }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('invalid_client');
    const answer = await tokenRequest(issuer, codeGrant(client, 'x', 'y'), { basic: ['no-such-client', 'secret'] });
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('gives a code to one of several concurrent exchanges only, and revokes what that one got', async () => {
    const { code, verifier } = await obtainCode(issuer, client, await browserFor());
    const answers = await Promise.all(Array.from({ length: 6 }, () => tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) })));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 200)) expect(lost).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const accessToken = String(won[0]!.body.access_token);
    const introspection = await tokenRequest(issuer, { token: accessToken }, { basic: basic(client), path: '/oidc/token/introspection' });
    expect(introspection.body.active).toBe(false);
    const userinfo = await fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(userinfo.status).toBe(401);
    const replay = await db.auditEvent.count({ where: { type: 'oidc.token_replay' } });
    expect(replay).toBeGreaterThan(0);
    // A later, sequential replay is refused too.
    expect(await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('revokes the whole grant when a rotated refresh token is used again', async () => {
    const { code, verifier } = await obtainCode(issuer, client, await browserFor(), { scope: 'openid offline_access', prompt: 'consent' });
    const first = await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) });
    const refresh = String(first.body.refresh_token);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: refresh }, { basic: basic(client) })),
    );
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    for (const lost of answers.filter((a) => a.status !== 200)) expect(lost.body.error).toBe('invalid_grant');
    for (const answer of answers.filter((a) => a.status === 200)) {
      const again = await tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: String(answer.body.refresh_token) }, { basic: basic(client) });
      expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    }
    const introspection = await tokenRequest(issuer, { token: String(first.body.access_token) }, { basic: basic(client), path: '/oidc/token/introspection' });
    expect(introspection.body.active).toBe(false);
  });

  it('refuses PKCE plain, a missing challenge, and a missing or wrong verifier', async () => {
    const browser = await browserFor();
    const plain = await browser.follow(authorizeUrl(issuer, client, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }), issuer);
    expect(new URL(plain.location!).searchParams.get('error')).toBe('invalid_request');
    const missing = await browser.follow(authorizeUrl(issuer, client), issuer);
    expect(new URL(missing.location!).searchParams.get('error')).toBe('invalid_request');
    expect(new URL(missing.location!).searchParams.get('code')).toBeNull();

    const { code } = await obtainCode(issuer, client, browser);
    expect(await tokenRequest(issuer, codeGrant(client, code, undefined), { basic: basic(client) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const second = await obtainCode(issuer, client, browser);
    expect(await tokenRequest(issuer, codeGrant(client, second.code, pkcePair().verifier), { basic: basic(client) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await obtainCode(issuer, client, await browserFor());
    await db.oidcPayload.updateMany({ where: { model: 'AuthorizationCode', id: code }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses a wrong or missing client secret with invalid_client, audited and counted', async () => {
    const { code, verifier } = await obtainCode(issuer, client, await browserFor());
    expect(await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: [client.clientId, 'wrong'] })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(await tokenRequest(issuer, { ...codeGrant(client, code, verifier), client_id: client.clientId })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(await db.auditEvent.count({ where: { type: 'oidc.client_auth_failed' } })).toBeGreaterThan(0);
    // The code was not spent by the failed attempts.
    expect((await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) })).status).toBe(200);
  });

  it('refuses the request and request_uri parameters with the errors the spec names', async () => {
    const browser = await browserFor();
    const request = await browser.follow(authorizeUrl(issuer, client, { request: 'eyJhbGciOiJub25lIn0.e30.' }), issuer);
    expect(new URL(request.location!).searchParams.get('error')).toBe('request_not_supported');
    const requestUri = await browser.follow(authorizeUrl(issuer, client, { request_uri: 'https://evil.example/r' }), issuer);
    expect(new URL(requestUri.location!).searchParams.get('error')).toBe('request_uri_not_supported');
  });

  it('refuses oversized scope, state and nonce with invalid_request', async () => {
    const browser = await browserFor();
    for (const [name, value, error] of [
      ['state', 's'.repeat(5000), 'invalid_request'],
      ['nonce', 'n'.repeat(2000), 'invalid_request'],
      ['scope', ['openid', ...Array(200).fill('profile')].join(' '), 'invalid_request'],
    ] as const) {
      const { challenge } = pkcePair();
      const result = await browser.follow(authorizeUrl(issuer, client, { [name]: value, code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
      const location = new URL(result.location!);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('never issues or accepts alg none: ID tokens are signed, a none-signed id_token_hint is refused at logout', async () => {
    const { code, verifier } = await obtainCode(issuer, client, await browserFor());
    const tokens = await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) });
    const header = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[0]!, 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe('RS256');
    const payload = String(tokens.body.id_token).split('.')[1];
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    const logout = await fetch(
      `${issuer}/oidc/session/end?id_token_hint=${unsigned}&post_logout_redirect_uri=${encodeURIComponent('https://app.example.test/bye')}`,
      {
        redirect: 'manual',
      },
    );
    expect(logout.status).toBe(400);
    expect(logout.headers.get('location')).toBeNull();
  });

  it('refuses a forged id_token_hint and an unregistered post_logout_redirect_uri at logout (no open redirect)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'forged' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ iss: issuer, aud: client.clientId, sub: userId, exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) }),
    ).toString('base64url');
    const forged = `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
    const withForged = await fetch(
      `${issuer}/oidc/session/end?id_token_hint=${forged}&post_logout_redirect_uri=${encodeURIComponent('https://app.example.test/bye')}`,
      { redirect: 'manual' },
    );
    expect(withForged.status).toBe(400);
    expect(withForged.headers.get('location')).toBeNull();
    const open = await fetch(
      `${issuer}/oidc/session/end?client_id=${client.clientId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect(open.status).toBe(400);
    expect(open.headers.get('location')).toBeNull();
  });

  it('refuses pending and disabled users and users outside the application with access_denied; nothing is issued', async () => {
    const outsider = await createTestUser(db, { groups: ['work'] });
    const outsiderBrowser = await browserFor(outsider.id);
    const { challenge } = pkcePair();
    const denied = await outsiderBrowser.follow(authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(new URL(denied.location!).searchParams.get('error')).toBe('access_denied');

    for (const status of ['pending', 'disabled']) {
      const user = await createTestUser(db, { groups: ['family'] });
      const browser = await browserFor(user.id);
      await db.user.update({ where: { id: user.id }, data: { status } });
      const result = await browser.follow(authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
      expect(new URL(result.location!).searchParams.get('error')).toBe('access_denied');
      expect(new URL(result.location!).searchParams.get('code')).toBeNull();
    }
    expect(await db.auditEvent.count({ where: { type: 'oidc.authorization_refused' } })).toBeGreaterThanOrEqual(3);
  });

  it('steps a one-factor session up for a two-factor application; prompt=none gets login_required', async () => {
    const strictApp = await seedOidcApplication(db, { level: 'two_factor' });
    const strict = await seedOidcClient(db, { applicationId: strictApp, redirectUris: ['https://strict.example.test/cb'] });
    const browser = await browserFor();
    const { challenge } = pkcePair();
    const silent = await browser.follow(authorizeUrl(issuer, strict, { prompt: 'none', code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
    const interactive = await browser.follow(authorizeUrl(issuer, strict, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(interactive.stoppedAt).toMatch(/\/sign-in\/second-factor\?rd=%2Foidc%2Finteraction%2F/);
    const acr = await browser.follow(
      authorizeUrl(issuer, client, { acr_values: 'two_factor', code_challenge: challenge, code_challenge_method: 'S256' }),
      issuer,
    );
    expect(acr.stoppedAt).toMatch(/\/sign-in\/second-factor\?rd=/);
    expect(await issuedRows(strict.clientId)).toBe(0);
    // With two factors proven, the same request goes through with acr two_factor.
    const twoFactor = await browserFor(userId, 'two_factor');
    const { code, verifier } = await obtainCode(issuer, strict, twoFactor);
    const tokens = await tokenRequest(issuer, codeGrant(strict, code, verifier), { basic: basic(strict) });
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1]!, 'base64url').toString()) as { acr: string };
    expect(claims.acr).toBe('two_factor');
  });

  it('sends a visitor without a session to sign in with rd back to the interaction; prompt=none gets login_required', async () => {
    const browser = new Browser();
    const { challenge } = pkcePair();
    const result = await browser.follow(authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(result.stoppedAt).toMatch(/\/sign-in\?rd=%2Foidc%2Finteraction%2F[A-Za-z0-9_-]+$/);
    const silent = await browser.follow(authorizeUrl(issuer, client, { prompt: 'none', code_challenge: challenge, code_challenge_method: 'S256' }), issuer);
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
  });

  it('stops refresh and userinfo for a user removed from the application or disabled', async () => {
    for (const change of ['leave-group', 'disable'] as const) {
      const member = await createTestUser(db, { groups: ['family'] });
      const { code, verifier } = await obtainCode(issuer, client, await browserFor(member.id), { scope: 'openid offline_access', prompt: 'consent' });
      const tokens = await tokenRequest(issuer, codeGrant(client, code, verifier), { basic: basic(client) });
      expect(tokens.status).toBe(200);
      if (change === 'leave-group') await db.userGroup.deleteMany({ where: { userId: member.id } });
      else await db.user.update({ where: { id: member.id }, data: { status: 'disabled' } });
      const refreshed = await tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) }, { basic: basic(client) });
      expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const userinfo = await fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${String(tokens.body.access_token)}` } });
      expect(userinfo.status).toBe(401);
    }
  });
});
