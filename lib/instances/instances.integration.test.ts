/**
 * Three built Gatehouse processes on one PostgreSQL behind a real nginx upstream (round robin),
 * sharing a data folder (the secrets file). Sign-in and an OpenID Connect code flow go through
 * nginx, so their requests land on different instances; the verify answers are asked of each
 * instance directly. Every change (made by an instance over HTTP, or by this process through the
 * same use cases: another instance as far as the others know) must reach the verify answers of
 * all three within 1 second, although their caches would keep a session for 60 s. Then the
 * LISTEN connections are killed, and PostgreSQL is stopped: fail closed, then recover.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecrets } from '../config/secrets';
import { sealSecret } from '../crypto';
import type { Db } from '../db';
import { replaceRecoveryCodes } from '../mfa/recovery-code-store';
import { generateTotpSecret, totpCodeAt } from '../mfa/totp';
import { createAppToken, revokeAppToken } from '../paperless/app-tokens';
import { setGroupMapping } from '../paperless/group-mappings';
import { liftBan, listBans } from '../regulation/bans';
import { DEFAULT_REGULATION, recordCredentialFailure } from '../regulation/credentials';
import { setDefaultPolicy } from '../rules/set-default-policy';
import { revokeUserSessions } from '../sessions/revoke-session';
import { configKey } from '../settings/keys';
import { saveStoredVariables } from '../settings/save-stored-variables';
import { setUserStatus } from '../users/set-user-status';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import type { GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { Browser, relyingParty, seedOidcApplication, seedOidcClient, signInWithPasswordForm, startAuthorization } from '../../test/support/oidc';
import { seedRules, seedSession } from '../../test/support/seed';
import { seedPasskey } from '../../test/support/webauthn/seed-passkey';
import { type Postgres, startInstances } from '../../test/support/instances';
import type { TestEnv } from '../../test/support/test-env';
import { APPLICATION_NAME } from './event-listener';

const APP = 'app.example.test';
const PAPERLESS = 'paperless.example.test';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const OTHER = 'other.example.test';
const ADMIN = { id: 'admin', name: 'admin' };
const meta = { ip: '192.0.2.1', userAgent: 'vitest' };
/** The propagation bound the issue sets; the caches would hold an answer for 60 s. */
const BOUND_MS = 1_000;

let postgres: Postgres;
let db: Db;
let fake: FakePaperless;
let testEnv: TestEnv;
let dataDir: string;
let origin: string;
let instances: GatehouseProcess[] = [];
let stop = async () => {};

async function newUser() {
  const user = await createTestUser(db, { groups: ['family'] });
  return { ...user, status: 'active' as const };
}

type Ask = { host?: string; cookie?: string; token?: string; from?: string; path?: string };

async function verify(instance: GatehouseProcess, ask: Ask): Promise<{ status: number; location?: string }> {
  const response = await httpRequest({
    port: instance.port,
    path: ask.path ?? '/api/verify',
    headers: {
      'X-Original-URL': `http://${ask.host ?? APP}/`,
      'X-Forwarded-Proto': 'http',
      'X-Forwarded-Host': ask.host ?? APP,
      'X-Forwarded-Uri': '/',
      'X-Forwarded-Method': 'GET',
      'X-Forwarded-For': ask.from ?? '198.51.100.1',
      ...(ask.cookie ? { Cookie: `gatehouse_session=${ask.cookie}` } : {}),
      ...(ask.token ? { Authorization: `Token ${ask.token}` } : {}),
    },
  });
  return { status: response.status, location: response.headers.location };
}

/** Every instance answers `expected` for `ask` (asserted now, once). */
async function allAnswer(ask: Ask, expected: number): Promise<void> {
  expect(await Promise.all(instances.map(async (i) => (await verify(i, ask)).status))).toEqual(instances.map(() => expected));
}

/**
 * Polls every instance until each answers as `expected`, failing when one still does not 1 s
 * after the change committed (`since`): a bound, not a measurement.
 */
async function allWithinBound(ask: Ask, accept: (answer: { status: number; location?: string }) => boolean, since: number): Promise<void> {
  const pending = new Set(instances);
  while (pending.size) {
    for (const instance of [...pending]) if (accept(await verify(instance, ask))) pending.delete(instance);
    if (pending.size && Date.now() - since > BOUND_MS) {
      const [first] = [...pending];
      throw new Error(
        `instances on ports ${[...pending].map((i) => i.port).join(', ')} still answered the old way ${BOUND_MS} ms after the change ` +
          `(${JSON.stringify(await verify(first!, ask))}); the first one's output:\n${first!.output().slice(-1500)}`,
      );
    }
  }
}
const status = (code: number) => (answer: { status: number }) => answer.status === code;

/** A server action's id in this build (the manifest `next build` writes). */
function actionId(name: string, file: string): string {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, a]) => a.exportedName === name && a.filename === file);
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} ${name} actions`);
  return ids[0]![0];
}

/** Posts a form action to one instance directly, as the portal's own page would (same origin); returns where it redirects, or null. */
async function postAction(instance: GatehouseProcess, page: string, id: string, fields: Record<string, string>, browser: Browser): Promise<string | null> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const encoded = new Response(form);
  const response = await postToInstance(instance, page, id, Buffer.from(await encoded.arrayBuffer()), encoded.headers.get('content-type')!, browser);
  response.resume();
  await new Promise((resolve) => response.on('end', resolve));
  const next = response.headers['x-action-redirect'];
  return typeof next === 'string' ? next.split(';')[0]! : null;
}

/** Calls a server function (a `…Call` the page's own script calls with JSON) on one instance; returns its result. */
async function callServer<T>(instance: GatehouseProcess, page: string, id: string, input: unknown, browser: Browser): Promise<T> {
  const response = await postToInstance(instance, page, id, Buffer.from(JSON.stringify([input])), 'text/plain;charset=UTF-8', browser);
  let text = '';
  for await (const chunk of response) text += chunk;
  // The RSC answer: row 0 points at row 1, which holds the function's result as JSON.
  const row = text.split('\n').find((line) => line.startsWith('1:'));
  if (response.statusCode !== 200 || !row) throw new Error(`${id} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(row.slice(2)) as T;
}

/** One POST to an instance as the portal's own page sends it (same origin), keeping the cookies it sets. */
async function postToInstance(instance: GatehouseProcess, page: string, id: string, body: Buffer, contentType: string, browser: Browser) {
  // Through node:http: fetch would not send this Host header, and the action's origin check compares the two.
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: instance.port,
        method: 'POST',
        path: page,
        headers: {
          host: new URL(origin).host,
          'next-action': id,
          origin,
          accept: 'text/x-component',
          cookie: browser.cookieHeader(),
          'content-type': contentType,
          'content-length': body.length,
        },
      },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
  for (const line of response.headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    if (pair.slice(eq + 1)) browser.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return response;
}
const SIGN_IN = ['signInAction', 'app/(auth)/sign-in/actions.ts'] as const;
const TOTP_STEP = ['totpStepAction', 'app/(auth)/sign-in/second-factor/actions.ts'] as const;
const RECOVERY_STEP = ['recoveryStepAction', 'app/(auth)/sign-in/second-factor/actions.ts'] as const;
const PASSKEY_OPTIONS = ['passkeyOptionsCall', 'app/(auth)/sign-in/actions.ts'] as const;
const PASSKEY_SIGN_IN = ['passkeySignInCall', 'app/(auth)/sign-in/actions.ts'] as const;

beforeAll(async () => {
  let family: { id: number };
  ({ postgres, db, testEnv, dataDir, instances, origin, stop } = await startInstances({
    vars: async () => {
      fake = await startFakePaperless({ tokenThrottlePerMinute: 1000 });
      fake.addUser({ username: 'paperless-admin', is_superuser: true, is_staff: true });
      family = fake.addGroup({ name: 'family', permissions: ['view_document', 'view_uisettings', 'view_user'] });
      // No GATEHOUSE_URL: the portal URL is a stored setting here, so an admin can change it (the setting test).
      return {
        GATEHOUSE_PAPERLESS_URL: fake.url,
        GATEHOUSE_PAPERLESS_PUBLIC_URL: `http://${PAPERLESS}`,
        GATEHOUSE_PAPERLESS_ADMIN_TOKEN: fake.setToken('paperless-admin'),
        GATEHOUSE_METRICS: 'true',
        GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN,
      };
    },
    seed: async (ready) => {
      await ready.db.setting.create({ data: { key: configKey('GATEHOUSE_URL'), value: ready.origin } });
      await seedRules(
        ready.db,
        [
          { domains: [APP], policy: 'one_factor' },
          { domains: [PAPERLESS], policy: 'one_factor' },
        ],
        'deny',
      );
      await createTestUser(ready.db, { groups: ['family'] });
      const group = await ready.db.group.findUniqueOrThrow({ where: { name: 'family' }, select: { id: true } });
      await setGroupMapping(ready.db, { groupId: group.id, paperlessGroupId: family.id, actor: ADMIN, meta, env: ready.testEnv.env });
    },
  }));
}, 180_000);

afterAll(async () => {
  await stop();
  await fake?.close();
});

describe('three instances on one PostgreSQL behind nginx', () => {
  it('a password sign-in through nginx is honoured by every instance; an OpenID Connect code flow spans them', async () => {
    const user = await newUser();
    const browser = new Browser();
    await signInWithPasswordForm(browser, origin, { login: user.username, password: TEST_PASSWORD, rd: '/' });
    await allAnswer({ cookie: browser.cookies.get('gatehouse_session') }, 200);

    // The code flow: authorize, the sign-in, the interaction, the consent and the token request each go to the next instance in turn.
    const applicationId = await seedOidcApplication(db, { subjects: ['group:family'], level: 'one_factor' });
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/cb'] });
    const config = await relyingParty(origin, client);
    const start = await startAuthorization(config, client, { prompt: '' });
    const fresh = new Browser();
    const toSignIn = await fresh.follow(start.url.href, origin);
    const rd = new URL(toSignIn.stoppedAt!).searchParams.get('rd')!;
    const after = await signInWithPasswordForm(fresh, origin, { login: user.username, password: TEST_PASSWORD, rd });
    const done = await fresh.follow(`${origin}${after}`, origin);
    expect(done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/cb\?/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), {
      pkceCodeVerifier: start.verifier,
      expectedState: start.state,
      expectedNonce: start.nonce,
    });
    expect(tokens.claims()).toMatchObject({ sub: user.id });
  });

  it('the password on one instance, the TOTP step on another; one recovery code through two instances at once: one wins', async () => {
    const user = await newUser();
    const secret = generateTotpSecret();
    const keys = loadSecrets(dataDir, testEnv.env.secrets.encryptionKey.toString('hex'));
    await db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'phone', secret: sealSecret(secret, keys.encryptionKey, `totp:${user.id}`) } });
    const [a, b, c] = instances as [GatehouseProcess, GatehouseProcess, GatehouseProcess];
    const signIn = async (instance: GatehouseProcess) => {
      const browser = new Browser();
      const next = await postAction(instance, '/sign-in', actionId(...SIGN_IN), { rd: '/', login: user.username, password: TEST_PASSWORD }, browser);
      expect(next).toMatch(/^\/sign-in\/second-factor/);
      return browser;
    };
    const first = await signIn(a);
    expect(await postAction(b, '/sign-in/second-factor', actionId(...TOTP_STEP), { code: totpCodeAt(secret, Date.now()), rd: '/' }, first)).toBe('/');
    expect(await db.session.count({ where: { userId: user.id, level: 'two_factor' } })).toBe(1);
    await allAnswer({ cookie: first.cookies.get('gatehouse_session') }, 200);

    // Two sessions of the user, one recovery code, sent through B and C at once.
    const [code] = await replaceRecoveryCodes(db, { userId: user.id, key: keys.signingKey });
    const [one, two] = [await signIn(a), await signIn(a)];
    const answers = await Promise.all([
      postAction(b, '/sign-in/second-factor', actionId(...RECOVERY_STEP), { code: code!, rd: '/' }, one),
      postAction(c, '/sign-in/second-factor', actionId(...RECOVERY_STEP), { code: code!, rd: '/' }, two),
    ]);
    expect(answers.filter((next) => next !== null)).toHaveLength(1);
    expect(await db.session.count({ where: { userId: user.id, level: 'two_factor' } })).toBe(2);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });

  it('a passkey: options from one instance, the assertion on another; one assertion through two instances at once: one session', async () => {
    const user = await newUser();
    const key = await seedPasskey(db, user.id);
    const [a, b, c] = instances as [GatehouseProcess, GatehouseProcess, GatehouseProcess];
    const rp = { rpId: new URL(origin).hostname, origin };
    const options = async (instance: GatehouseProcess, browser: Browser) =>
      (await callServer<{ ok: true; value: { challenge: string } }>(instance, '/sign-in', actionId(...PASSKEY_OPTIONS), {}, browser)).value;
    const signIn = (instance: GatehouseProcess, browser: Browser, response: unknown) =>
      callServer<{ ok: boolean }>(instance, '/sign-in', actionId(...PASSKEY_SIGN_IN), { response, rd: '/' }, browser);

    const browser = new Browser();
    const { challenge } = await options(a, browser);
    expect(await signIn(b, browser, key.assert({ challenge, ...rp, counter: 1 }))).toMatchObject({ ok: true });
    const cookie = browser.cookies.get('gatehouse_session');
    expect(cookie).toBeTruthy();
    await allAnswer({ cookie }, 200);
    expect(await db.session.count({ where: { userId: user.id, level: 'two_factor' } })).toBe(1);

    // The challenge is used once, whichever instance gets the assertion first.
    const second = await options(a, new Browser());
    const assertion = key.assert({ challenge: second.challenge, ...rp, counter: 2 });
    const answers = await Promise.all([signIn(b, new Browser(), assertion), signIn(c, new Browser(), assertion)]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(await db.session.count({ where: { userId: user.id, level: 'two_factor' } })).toBe(2);
  });

  it('one authorization code redeemed through two instances at once: exactly one gets tokens', async () => {
    const user = await newUser();
    const applicationId = await seedOidcApplication(db, { subjects: ['group:family'], level: 'one_factor' });
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/cb'] });
    const config = await relyingParty(origin, client);
    const browser = new Browser(await seedSession(db, { userId: user.id }));
    const start = await startAuthorization(config, client, { prompt: '' });
    const done = await browser.follow(start.url.href, origin);
    const code = new URL(done.location!).searchParams.get('code')!;
    const redeem = (instance: GatehouseProcess) =>
      fetch(`${instance.direct}/oidc/token`, {
        method: 'POST',
        headers: {
          host: new URL(origin).host,
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: start.verifier }).toString(),
      }).then((r) => r.status);
    const answers = await Promise.all([redeem(instances[0]!), redeem(instances[1]!)]);
    expect(answers.sort()).toEqual([200, 400]);
  });

  it('sign-out through nginx (RP-initiated logout) reaches every instance within 1 s', async () => {
    const user = await newUser();
    const cookie = await seedSession(db, { userId: user.id });
    await allAnswer({ cookie }, 200);
    const applicationId = await seedOidcApplication(db, { subjects: ['group:family'], level: 'one_factor' });
    const client = await seedOidcClient(db, { applicationId, redirectUris: ['http://127.0.0.1:9/cb'], postLogoutRedirectUris: ['http://127.0.0.1:9/bye'] });
    const config = await relyingParty(origin, client);
    const browser = new Browser(cookie);
    const start = await startAuthorization(config, client, { scope: 'openid', prompt: '' });
    const done = await browser.follow(start.url.href, origin);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), {
      pkceCodeVerifier: start.verifier,
      expectedState: start.state,
      expectedNonce: start.nonce,
    });
    const page = await browser.request(
      oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye' }).href,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const ended = await browser.request(`${origin}/oidc/session/end/confirm`, { method: 'POST', body: `xsrf=${xsrf}&logout=yes`, headers: { origin } });
    const since = Date.now();
    expect([302, 303]).toContain(ended.status);
    await allWithinBound({ cookie }, status(401), since);
  });

  it('session revocation, user disable and a rule change reach every instance within 1 s', async () => {
    const revoked = await newUser();
    const cookie = await seedSession(db, { userId: revoked.id });
    await allAnswer({ cookie }, 200);
    await revokeUserSessions(db, { userId: revoked.id, actor: ADMIN, reason: 'admin', meta });
    await allWithinBound({ cookie }, status(401), Date.now());

    const disabled = await newUser();
    const other = await seedSession(db, { userId: disabled.id });
    await allAnswer({ cookie: other }, 200);
    await setUserStatus(db, { userId: disabled.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env });
    await allWithinBound({ cookie: other }, (a) => a.status !== 200, Date.now());

    const kept = await seedSession(db, { userId: (await newUser()).id });
    await allAnswer({ cookie: kept, host: OTHER }, 403);
    await setDefaultPolicy(db, { policy: 'one_factor', actor: ADMIN, meta });
    await allWithinBound({ cookie: kept, host: OTHER }, status(200), Date.now());
    await setDefaultPolicy(db, { policy: 'deny', actor: ADMIN, meta });
    await allWithinBound({ cookie: kept, host: OTHER }, status(403), Date.now());
  });

  it('a setting change (the portal URL) reaches every instance within 1 s', async () => {
    const ask = { path: '/api/verify/forward-auth' };
    const moved = 'http://localhost:8443';
    const to = (base: string) => (a: { status: number; location?: string }) => (a.location ?? '').startsWith(`${base}/`);
    for (const instance of instances) expect((await verify(instance, ask)).location).toMatch(new RegExp(`^${origin}/`));
    await saveStoredVariables(db, { changes: { GATEHOUSE_URL: moved }, audit: { type: 'settings.portal_changed', actor: ADMIN, meta } });
    await allWithinBound(ask, to(moved), Date.now());
    await saveStoredVariables(db, { changes: { GATEHOUSE_URL: origin }, audit: { type: 'settings.portal_changed', actor: ADMIN, meta } });
    await allWithinBound(ask, to(origin), Date.now());
  });

  it('app-token revocation, an address ban and its lift reach every instance within 1 s', async () => {
    const user = await newUser();
    const make = (label: string) =>
      createAppToken(db, {
        user,
        sessionLevel: 'two_factor',
        values: { label, expires: 'never', requestId: `${label}-${user.username}`.padEnd(16, '0') },
        meta,
        env: testEnv.env,
      });
    const phone = await make('phone');
    const tablet = await make('tablet');
    const from = '198.51.100.77';
    await allAnswer({ host: PAPERLESS, token: phone.token, from }, 200);
    await allAnswer({ host: PAPERLESS, token: tablet.token, from }, 200);
    await revokeAppToken(db, { tokenId: phone.id, actor: { id: user.id, name: user.username }, asAdmin: false, meta });
    await allWithinBound({ host: PAPERLESS, token: phone.token, from }, (a) => a.status !== 200, Date.now());

    // Password guesses from the address ban it; its device tokens are refused by every instance.
    for (let i = 0; i < DEFAULT_REGULATION.maxFailures; i++) {
      await recordCredentialFailure(db, { ip: from, policy: DEFAULT_REGULATION, meta: { ip: from, userAgent: null }, check: 'password' });
    }
    await allWithinBound({ host: PAPERLESS, token: tablet.token, from }, (a) => a.status !== 200, Date.now());
    const ban = (await listBans(db)).find((b) => b.kind === 'address' && b.value === from)!;
    await liftBan(db, { id: ban.id, actor: ADMIN, meta });
    await allWithinBound({ host: PAPERLESS, token: tablet.token, from }, status(200), Date.now());
  });

  it('killed LISTEN connections come back, and a change made meanwhile is honoured', async () => {
    const user = await newUser();
    const cookie = await seedSession(db, { userId: user.id });
    await allAnswer({ cookie }, 200);
    const listeners = async () =>
      (await db.$queryRawUnsafe<Array<{ pid: number }>>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', APPLICATION_NAME)).map((r) => r.pid);
    const before = await listeners();
    expect(before).toHaveLength(3);
    // Killed, and the revocation committed while they are gone (they wait 250 ms before reconnecting).
    await db.$queryRawUnsafe(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`, APPLICATION_NAME);
    await revokeUserSessions(db, { userId: user.id, actor: ADMIN, reason: 'admin', meta });
    const since = Date.now();
    // Honoured within the cache lifetime (60 s): here at the resync that follows the reconnection.
    const deadline = since + 60_000;
    for (const instance of instances) {
      while ((await verify(instance, { cookie })).status === 200) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const after = await listeners();
    expect(after).toHaveLength(3);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    for (const instance of instances) expect(instance.output()).toContain('listening again; every cache is treated as stale');
    // Each instance's metrics say so: one reconnection, listening again, and the others' announcements applied.
    for (const instance of instances) {
      const text = await (await fetch(`${instance.direct}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      expect(text).toMatch(/^gatehouse_instance_events_reconnects_total 1$/m);
      expect(text).toMatch(/^gatehouse_instance_events_listening 1$/m);
      expect(Number(/^gatehouse_instance_events_total\{kind="applied"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
      expect(text).toMatch(/^gatehouse_instance_events_total\{kind="malformed"\} 0$/m);
    }
  });

  it('PostgreSQL stopped: every instance fails closed; back: every instance recovers', async () => {
    const user = await newUser();
    const cookie = await seedSession(db, { userId: user.id });
    // The throwaway server commits asynchronously and the stop is a crash: flush the WAL first, or the session is lost.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL synchronous_commit = on');
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    });
    postgres.pause();
    try {
      // Not cached anywhere yet: refused by every instance, never with a 200.
      await allAnswer({ cookie }, 503);
    } finally {
      postgres.resume();
    }
    const deadline = Date.now() + 30_000;
    for (const instance of instances) {
      for (let answer = await verify(instance, { cookie }); answer.status !== 200; answer = await verify(instance, { cookie })) {
        expect(Date.now(), `instance ${instance.port} still answers ${answer.status}:\n${instance.output().slice(-1500)}`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    // And they hear announcements again.
    await revokeUserSessions(db, { userId: user.id, actor: ADMIN, reason: 'admin', meta });
    await allWithinBound({ cookie }, status(401), Date.now());
  });
});
