/**
 * The fake Paperless-ngx server against the facts it imitates (docs/paperless-facts.md,
 * section numbers in the describe names). Each test pins one observable behaviour of the real server.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAdmin, startFakePaperless, type FakePaperless, type FakePaperlessOptions } from './fake-paperless';
import { httpRequest, type RawResponse } from './http';

let fake: FakePaperless | undefined;
let clock = 1_780_000_000_000;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakePaperlessOptions = {}): Promise<FakePaperless> {
  clock = 1_780_000_000_000;
  fake = await startFakePaperless({ now: () => clock, ...options });
  return fake;
}

type Call = {
  method?: string;
  token?: string;
  basic?: [string, string];
  headers?: OutgoingHttpHeaders;
  json?: unknown;
  form?: Record<string, string> | string;
  body?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: the tests read each answer's JSON by the fields the fact names
async function call(path: string, options: Call = {}): Promise<RawResponse & { json(): any }> {
  if (!fake) throw new Error('no fake');
  const headers: OutgoingHttpHeaders = { ...options.headers };
  if (options.token) headers.Authorization = `Token ${options.token}`;
  if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(':')).toString('base64')}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  }
  if (options.form !== undefined) {
    body = typeof options.form === 'string' ? options.form : new URLSearchParams(options.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const response = await httpRequest({ port: fake.port, path, method: options.method ?? 'GET', headers, body });
  return { ...response, json: () => JSON.parse(response.body) };
}

const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const DENIED = { detail: 'You do not have permission to perform this action.' };

describe('Token authentication (§1)', () => {
  it('accepts "Token <key>", with a case-insensitive keyword', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    for (const keyword of ['Token', 'token', 'TOKEN', 'tOkEn']) {
      const r = await call('/api/profile/', { headers: { Authorization: `${keyword} ${key}` } });
      expect(r.status, keyword).toBe(200);
    }
    expect(f.requests.at(-1)?.authenticatedAs).toBe('alice');
  });

  it('ignores "Bearer": the request is unauthenticated (401, WWW-Authenticate: Token)', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const r = await call('/api/profile/', { headers: { Authorization: `Bearer ${f.setToken('alice')}` } });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual(NOT_PROVIDED);
    expect(r.headers['www-authenticate']).toBe('Token');
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('rejects malformed and unknown tokens with the exact DRF details', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    const cases: Array<[string, string]> = [
      ['Token', 'Invalid token header. No credentials provided.'],
      [`Token ${key} extra`, 'Invalid token header. Token string should not contain spaces.'],
      [`Token ${'0'.repeat(40)}`, 'Invalid token.'],
    ];
    for (const [header, message] of cases) {
      const r = await call('/api/profile/', { headers: { Authorization: header } });
      expect(r.status, header).toBe(401);
      expect(r.json()).toEqual({ detail: message });
      expect(r.headers['www-authenticate']).toBe('Token');
      expect(r.headers['x-version']).toBeUndefined();
    }
  });

  it('answers "User inactive or deleted." for the token of an inactive user, and works again on re-activation', async () => {
    const f = await start();
    const alice = f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    alice.is_active = false;
    const r = await call('/api/profile/', { token: key });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ detail: 'User inactive or deleted.' });
    alice.is_active = true;
    expect((await call('/api/profile/', { token: key })).status).toBe(200);
  });
});

describe('Basic authentication (§1, §5)', () => {
  it('authenticates a password user, refuses wrong credentials with a Basic challenge', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1' });
    expect((await call('/api/profile/', { basic: ['alice', 'right-password-1'] })).status).toBe(200);
    const bad = await call('/api/profile/', { basic: ['alice', 'wrong'] });
    expect(bad.status).toBe(401);
    expect(bad.json()).toEqual({ detail: 'Invalid username/password.' });
    expect(bad.headers['www-authenticate']).toBe('Basic realm="api"');
  });

  it('refuses a user with MFA even with the right password: 401 "MFA required"', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1', totpCode: '123456' });
    const r = await call('/api/profile/', { basic: ['alice', 'right-password-1'] });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ detail: 'MFA required' });
  });

  it('treats an inactive user as bad credentials', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1', is_active: false });
    const r = await call('/api/profile/', { basic: ['alice', 'right-password-1'] });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ detail: 'Invalid username/password.' });
  });
});

describe('POST /api/token/ (§1)', () => {
  it('get_or_create: the same key twice, the existing key if one was set, never rotated', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1' });
    const first = await call('/api/token/', { method: 'POST', json: { username: 'alice', password: 'right-password-1' } });
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ token: f.tokenOf('alice') });
    expect(first.json().token).toMatch(/^[0-9a-f]{40}$/);
    const second = await call('/api/token/', { method: 'POST', form: { username: 'alice', password: 'right-password-1' } });
    expect(second.json()).toEqual(first.json());
    f.addUser({ username: 'bob', password: 'right-password-2' });
    const preset = f.setToken('bob', 'b'.repeat(40));
    expect((await call('/api/token/', { method: 'POST', json: { username: 'bob', password: 'right-password-2' } })).json()).toEqual({ token: preset });
  });

  it('returns the field errors and "Unable to log in" for wrong, unusable or inactive credentials', async () => {
    const f = await start({ tokenThrottlePerMinute: 100 });
    f.addUser({ username: 'alice', password: 'right-password-1' });
    f.addUser({ username: 'nopass' });
    f.addUser({ username: 'gone', password: 'right-password-1', is_active: false });
    const missing = await call('/api/token/', { method: 'POST', json: {} });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({ username: ['This field is required.'], password: ['This field is required.'] });
    expect((await call('/api/token/', { method: 'POST', json: { username: 'alice' } })).json()).toEqual({ password: ['This field is required.'] });
    for (const [username, password] of [
      ['alice', 'wrong'],
      ['nopass', 'anything'],
      ['gone', 'right-password-1'],
      ['nobody', 'x'],
    ]) {
      const r = await call('/api/token/', { method: 'POST', json: { username, password } });
      expect(r.status, username).toBe(400);
      expect(r.json()).toEqual({ non_field_errors: ['Unable to log in with provided credentials.'] });
    }
    expect(f.tokenOf('gone')).toBeUndefined();
  });

  it('requires the TOTP code of an MFA user: "MFA code is required", "Invalid MFA code", then the token', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1', totpCode: '246810' });
    const post = (extra: object) => call('/api/token/', { method: 'POST', json: { username: 'alice', password: 'right-password-1', ...extra } });
    expect((await post({})).json()).toEqual({ non_field_errors: ['MFA code is required'] });
    expect((await post({ code: '000000' })).json()).toEqual({ non_field_errors: ['Invalid MFA code'] });
    const ok = await post({ code: '246810' });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ token: f.tokenOf('alice') });
    // allauth marks a used code for one TOTP period.
    expect((await post({ code: '246810' })).json()).toEqual({ non_field_errors: ['Invalid MFA code'] });
    clock += 31_000;
    expect((await post({ code: '246810' })).status).toBe(200);
  });

  it("answers GET with 405 (the apps' probe), Allow: POST, OPTIONS", async () => {
    await start();
    const r = await call('/api/token/', { headers: { Accept: 'application/json; version=10' } });
    expect(r.status).toBe(405);
    expect(r.json()).toEqual({ detail: 'Method "GET" not allowed.' });
    expect(r.headers.allow).toBe('POST, OPTIONS');
  });
});

describe('The /api/token/ "login" throttle (§1)', () => {
  it('counts GET probes too: the 6th request within a minute gets 429 with Retry-After', async () => {
    await start();
    for (let i = 0; i < 5; i++) expect((await call('/api/token/')).status).toBe(405);
    clock += 10_000;
    const throttled = await call('/api/token/');
    expect(throttled.status).toBe(429);
    expect(throttled.json()).toEqual({ detail: 'Request was throttled. Expected available in 50 seconds.' });
    expect(throttled.headers['retry-after']).toBe('50');
    clock += 49_500;
    expect((await call('/api/token/')).json()).toEqual({ detail: 'Request was throttled. Expected available in 1 second.' });
    clock += 1_000;
    expect((await call('/api/token/')).status).toBe(405);
  });

  it('keys anonymous requests by the whole X-Forwarded-For string (whitespace removed), else the remote address', async () => {
    await start();
    const probe = (xff?: string) => call('/api/token/', xff === undefined ? {} : { headers: { 'X-Forwarded-For': xff } });
    for (let i = 0; i < 5; i++) await probe('203.0.113.7, 10.0.0.1');
    expect((await probe('203.0.113.7,10.0.0.1')).status).toBe(429);
    expect((await probe('203.0.113.7')).status).toBe(405);
    expect((await probe()).status).toBe(405);
  });

  it('keys authenticated requests by user, whatever the address', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    for (let i = 0; i < 5; i++) await call('/api/token/', { token: key, headers: { 'X-Forwarded-For': `198.51.100.${i}` } });
    expect((await call('/api/token/', { token: key, headers: { 'X-Forwarded-For': '192.0.2.99' } })).status).toBe(429);
    expect((await call('/api/token/')).status).toBe(405);
  });

  it('runs after versioning and authentication, and resetThrottle clears it', async () => {
    const f = await start();
    for (let i = 0; i < 5; i++) await call('/api/token/');
    expect((await call('/api/token/', { headers: { Accept: 'application/json; version=8' } })).status).toBe(406);
    expect((await call('/api/token/', { headers: { Authorization: 'Token nope' } })).status).toBe(401);
    expect((await call('/api/token/', { method: 'POST', json: { username: 'x', password: 'y' } })).status).toBe(429);
    f.resetThrottle();
    expect((await call('/api/token/')).status).toBe(405);
  });

  it('honours tokenThrottlePerMinute', async () => {
    await start({ tokenThrottlePerMinute: 2 });
    await call('/api/token/');
    await call('/api/token/');
    expect((await call('/api/token/')).status).toBe(429);
  });
});

describe('Accept-header versioning and version headers (§7)', () => {
  it('answers 406 for version 8 before authentication, permissions, throttling and 405', async () => {
    const f = await start();
    for (let i = 0; i < 7; i++) {
      const r = await call('/api/token/', { headers: { Accept: 'application/json; version=8' } });
      expect(r.status).toBe(406);
      expect(r.json()).toEqual({ detail: 'Invalid version in "Accept" header.' });
    }
    expect((await call('/api/token/')).status).toBe(405); // the 406s were not counted by the throttle
    const users = await call('/api/users/', { headers: { Accept: 'application/json; version=8', Authorization: 'Token bad' } });
    expect(users.status).toBe(406);
    expect(f.requests.at(-1)?.authenticatedAs).toBeNull();
  });

  it('accepts 9 and 10 (default 10); v9 lists add "all" between previous and results', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    f.addUser({ username: 'bob' });
    const v9 = await call('/api/users/?page_size=1', { token, headers: { Accept: 'application/json; version=9' } });
    expect(v9.status).toBe(200);
    expect(Object.keys(v9.json())).toEqual(['count', 'next', 'previous', 'all', 'results']);
    expect(v9.json().all).toEqual([1, 2]);
    const v10 = await call('/api/users/', { token, headers: { Accept: 'application/json; version=10' } });
    expect(Object.keys(v10.json())).toEqual(['count', 'next', 'previous', 'results']);
    expect(Object.keys((await call('/api/users/', { token })).json())).toEqual(['count', 'next', 'previous', 'results']);
  });

  it('adds X-Api-Version and X-Version only to authenticated responses', async () => {
    const f = await start({ version: '3.0.5' });
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    const authed = await call('/api/token/', { token: key });
    expect(authed.status).toBe(405);
    expect(authed.headers['x-api-version']).toBe('10');
    expect(authed.headers['x-version']).toBe('3.0.5');
    const denied = await call('/api/users/', { token: key });
    expect(denied.status).toBe(403);
    expect(denied.headers['x-version']).toBe('3.0.5');
    for (const r of [
      await call('/api/token/'),
      await call('/api/profile/'),
      await call('/api/token/', { token: key, headers: { Accept: 'application/json; version=1' } }),
    ]) {
      expect(r.headers['x-api-version']).toBeUndefined();
      expect(r.headers['x-version']).toBeUndefined();
    }
  });
});

describe('Unauthenticated probes (§7)', () => {
  it('GET /api/ redirects to schema/view/; the schema and Swagger UI need no credentials', async () => {
    await start();
    const root = await call('/api/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('schema/view/');
    const view = await call('/api/schema/view/');
    expect(view.status).toBe(200);
    expect(view.headers['content-type']).toMatch(/^text\/html/);
    expect((await call('/api/schema/')).status).toBe(200);
  });
});

describe('/api/profile/ (§1, §7)', () => {
  it('returns the profile shape with the existing token or null, and never creates one', async () => {
    const f = await start({ remoteUser: 'api' });
    f.addUser({ username: 'alice', email: 'alice@example.test', first_name: 'Alice', password: 'right-password-1' });
    const r = await call('/api/profile/', { headers: { 'Remote-User': 'alice' } });
    expect(r.json()).toEqual({
      email: 'alice@example.test',
      password: '*'.repeat(89),
      first_name: 'Alice',
      last_name: '',
      auth_token: null,
      social_accounts: [],
      has_usable_password: true,
      is_mfa_enabled: false,
    });
    expect(f.tokenOf('alice')).toBeUndefined();
    const key = f.setToken('alice');
    expect((await call('/api/profile/', { headers: { 'Remote-User': 'alice' } })).json().auth_token).toBe(key);
  });

  it('generate_auth_token/ rotates: a JSON string, the old key invalid at once', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const old = f.setToken('alice');
    const r = await call('/api/profile/generate_auth_token/', { method: 'POST', token: old });
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^"[0-9a-f]{40}"$/);
    const fresh = r.json() as string;
    expect(fresh).not.toBe(old);
    expect(f.tokenOf('alice')).toBe(fresh);
    expect((await call('/api/profile/', { token: old })).json()).toEqual({ detail: 'Invalid token.' });
    expect((await call('/api/profile/', { token: fresh })).status).toBe(200);
    expect((await call('/api/profile/generate_auth_token/', { token: fresh })).status).toBe(405);
  });

  it('PATCH validates a new password, ignores all-asterisks, and the token survives', async () => {
    const f = await start();
    const alice = f.addUser({ username: 'alice', password: 'right-password-1' });
    const key = f.setToken('alice');
    const short = await call('/api/profile/', { method: 'PATCH', token: key, json: { password: '123456' } });
    expect(short.status).toBe(400);
    expect(short.json()).toEqual({
      password: ['This password is too short. It must contain at least 8 characters.', 'This password is too common.', 'This password is entirely numeric.'],
    });
    await call('/api/profile/', { method: 'PATCH', token: key, json: { password: '**********', first_name: 'Al' } });
    expect(alice.password).toBe('right-password-1');
    expect(alice.first_name).toBe('Al');
    expect((await call('/api/profile/', { method: 'PATCH', token: key, json: { password: 'a brand new passphrase' } })).status).toBe(200);
    expect(alice.password).toBe('a brand new passphrase');
    expect((await call('/api/profile/', { token: key })).status).toBe(200);
  });
});

describe('/api/users/ (§2)', () => {
  it('needs auth.view_user (direct or through a group) or superuser', async () => {
    const f = await start();
    f.addUser({ username: 'plain' });
    const viewers = f.addGroup({ name: 'viewers', permissions: ['view_user'] });
    f.addUser({ username: 'member', groups: [viewers.id] });
    f.addUser({ username: 'direct', user_permissions: ['view_user'] });
    expect((await call('/api/users/')).json()).toEqual(NOT_PROVIDED);
    const plain = await call('/api/users/', { token: f.setToken('plain') });
    expect(plain.status).toBe(403);
    expect(plain.json()).toEqual(DENIED);
    expect((await call('/api/users/', { token: f.setToken('member') })).status).toBe(200);
    expect((await call('/api/users/', { token: f.setToken('direct') })).status).toBe(200);
    expect((await call('/api/users/', { method: 'POST', token: f.setToken('direct'), json: { username: 'x' } })).json()).toEqual(DENIED);
  });

  it('lists the UserSerializer shape, ordered by lower(username), without consumer and AnonymousUser', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const family = f.addGroup({ name: 'family', permissions: ['view_document', 'view_uisettings'] });
    f.addUser({ username: 'consumer' });
    f.addUser({ username: 'AnonymousUser' });
    f.addUser({ username: 'Bob', groups: [family.id], user_permissions: ['view_user'], totpCode: '1' });
    f.addUser({ username: 'alice' });
    const r = await call('/api/users/', { token });
    expect(r.json().results.map((u: { username: string }) => u.username)).toEqual(['admin', 'alice', 'Bob']);
    const bob = r.json().results[2];
    expect(Object.keys(bob)).toEqual([
      'id',
      'username',
      'email',
      'password',
      'first_name',
      'last_name',
      'date_joined',
      'is_staff',
      'is_active',
      'is_superuser',
      'groups',
      'user_permissions',
      'inherited_permissions',
      'is_mfa_enabled',
    ]);
    expect(bob).toMatchObject({
      password: '*'.repeat(41),
      groups: [family.id],
      user_permissions: ['view_user'],
      inherited_permissions: ['documents.view_document', 'documents.view_uisettings'],
      is_mfa_enabled: true,
    });
    expect(bob.date_joined).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
  });

  it('filters username__iexact case-insensitively and ignores a plain ?username=', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    f.addUser({ username: 'Alice' });
    f.addUser({ username: 'alicia' });
    const exact = await call('/api/users/?username__iexact=ALICE', { token });
    expect(exact.json().results.map((u: { username: string }) => u.username)).toEqual(['Alice']);
    expect((await call('/api/users/?username__istartswith=ali', { token })).json().count).toBe(2);
    expect((await call('/api/users/?username=nobody', { token })).json().count).toBe(3);
    expect((await call('/api/users/?username__iexact=nobody', { token })).json()).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('paginates with absolute next/previous links built from the Host header', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    f.addUser({ username: 'bob' });
    f.addUser({ username: 'carol' });
    const first = await call('/api/users/?page_size=1&username__icontains=', { token, headers: { Host: 'paperless.example:8000' } });
    expect(first.json().count).toBe(3);
    expect(first.json().next).toBe('http://paperless.example:8000/api/users/?page=2&page_size=1&username__icontains=');
    const second = await call('/api/users/?page=2&page_size=1', { token, headers: { Host: 'p.example' } });
    expect(second.json().previous).toBe('http://p.example/api/users/?page_size=1');
    expect(second.json().results[0].username).toBe('bob');
    expect((await call('/api/users/?page=9', { token })).json()).toEqual({ detail: 'Invalid page.' });
  });

  it('creates users: username required and unique, passwords validated, 201 with the object', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    expect((await call('/api/users/', { method: 'POST', token, json: { email: 'x@example.test' } })).json()).toEqual({ username: ['This field is required.'] });
    expect((await call('/api/users/', { method: 'POST', token, json: { username: 'admin' } })).json()).toEqual({
      username: ['A user with that username already exists.'],
    });
    expect((await call('/api/users/', { method: 'POST', token, json: { username: 'x', password: 'short' } })).json()).toEqual({
      password: ['This password is too short. It must contain at least 8 characters.'],
    });
    expect((await call('/api/users/', { method: 'POST', token, json: { username: 'x', password: '9081726354' } })).json()).toEqual({
      password: ['This password is entirely numeric.'],
    });
    const created = await call('/api/users/', { method: 'POST', token, json: { username: 'carol', email: 'carol@example.test', is_active: true } });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ username: 'carol', is_active: true, is_staff: false, groups: [], user_permissions: [], password: '**********' });
    expect(f.user('carol')?.password).toBe('');
  });

  it('guards superuser and staff status with plain-text 403s for non-superusers', async () => {
    const f = await start();
    const { user: admin } = seedAdmin(f);
    f.addUser({ username: 'manager', user_permissions: ['add_user', 'change_user', 'delete_user', 'view_user'] });
    const key = f.setToken('manager');
    const grant = await call('/api/users/', { method: 'POST', token: key, json: { username: 'evil', is_superuser: true } });
    expect(grant.status).toBe(403);
    expect(grant.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(grant.body).toBe('Superuser status can only be granted by a superuser');
    expect((await call('/api/users/', { method: 'POST', token: key, json: { username: 'evil', is_staff: 'true' } })).body).toBe(
      'Staff status can only be granted by a superuser',
    );
    expect((await call(`/api/users/${admin.id}/`, { method: 'PATCH', token: key, json: { first_name: 'x' } })).body).toBe(
      'Superusers can only be modified by other superusers',
    );
    expect((await call(`/api/users/${admin.id}/`, { method: 'DELETE', token: key })).body).toBe('Superusers can only be deleted by other superusers');
    expect(f.user('evil')).toBeUndefined();
  });

  it('updates: all-asterisk passwords ignored, groups replaced, the token survives a password change', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const a = f.addGroup({ name: 'a', permissions: [] });
    const b = f.addGroup({ name: 'b', permissions: [] });
    const bob = f.addUser({ username: 'bob', password: 'old-password-1', groups: [a.id] });
    const bobKey = f.setToken('bob');
    await call(`/api/users/${bob.id}/`, { method: 'PATCH', token, json: { password: '**********', groups: [b.id] } });
    expect(bob.password).toBe('old-password-1');
    expect((await call(`/api/users/${bob.id}/`, { method: 'PATCH', token, json: { password: '***' } })).status).toBe(200); // not validated either
    expect(bob.groups).toEqual([b.id]);
    const r = await call(`/api/users/${bob.id}/`, { method: 'PATCH', token, json: { password: 'a new long passphrase' } });
    expect(r.status).toBe(200);
    expect(bob.password).toBe('a new long passphrase');
    expect((await call('/api/profile/', { token: bobKey })).status).toBe(200);
    expect((await call(`/api/users/${bob.id}/`, { method: 'PATCH', token, json: { groups: [99] } })).json()).toEqual({
      groups: ['Invalid pk "99" - object does not exist.'],
    });
  });

  it('deletes (204, the token with it) and answers 404 for unknown ids', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const bob = f.addUser({ username: 'bob' });
    const bobKey = f.setToken('bob');
    const r = await call(`/api/users/${bob.id}/`, { method: 'DELETE', token });
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect((await call('/api/profile/', { token: bobKey })).json()).toEqual({ detail: 'Invalid token.' });
    expect((await call(`/api/users/${bob.id}/`, { token })).json()).toEqual({ detail: 'No User matches the given query.' });
  });

  it('deactivate_totp/: 200 true, then 404 "TOTP not found"', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const bob = f.addUser({ username: 'bob', totpCode: '111222' });
    const first = await call(`/api/users/${bob.id}/deactivate_totp/`, { method: 'POST', token });
    expect(first.status).toBe(200);
    expect(first.body).toBe('true');
    expect(bob.mfa).toBe(false);
    const again = await call(`/api/users/${bob.id}/deactivate_totp/`, { method: 'POST', token });
    expect(again.status).toBe(404);
    expect(again.body).toBe('TOTP not found');
  });
});

describe('/api/groups/ (§2)', () => {
  it('requires `permissions` in a JSON body but not in a form body', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const jsonMissing = await call('/api/groups/', { method: 'POST', token, json: { name: 'family' } });
    expect(jsonMissing.status).toBe(400);
    expect(jsonMissing.json()).toEqual({ permissions: ['This field is required.'] });
    const form = await call('/api/groups/', { method: 'POST', token, form: { name: 'family' } });
    expect(form.status).toBe(201);
    expect(form.json()).toEqual({ id: 1, name: 'family', permissions: [] });
    const dup = await call('/api/groups/', { method: 'POST', token, json: { name: 'family', permissions: [] } });
    expect(dup.json()).toEqual({ name: ['group with this name already exists.'] });
  });

  it('takes codenames (not app-qualified names) and filters by name__iexact', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    const bad = await call('/api/groups/', { method: 'POST', token, json: { name: 'x', permissions: ['documents.view_document'] } });
    expect(bad.json()).toEqual({ permissions: ['Object with codename=documents.view_document does not exist.'] });
    await call('/api/groups/', { method: 'POST', token, json: { name: 'Family', permissions: ['view_uisettings', 'view_document'] } });
    const found = await call('/api/groups/?name__iexact=family', { token });
    expect(found.json().results).toEqual([{ id: 1, name: 'Family', permissions: ['view_document', 'view_uisettings'] }]);
  });

  it('needs auth.*_group permissions', async () => {
    const f = await start();
    f.addUser({ username: 'u', user_permissions: ['view_user'] });
    expect((await call('/api/groups/', { token: f.setToken('u') })).json()).toEqual(DENIED);
  });
});

describe('/api/ui_settings/ (§2, §7)', () => {
  it('is 403 without view_uisettings; a group grant is enough', async () => {
    const f = await start();
    f.addUser({ username: 'bare' });
    expect((await call('/api/ui_settings/', { token: f.setToken('bare') })).json()).toEqual(DENIED);
    const g = f.addGroup({ name: 'app-users', permissions: ['view_uisettings', 'view_document'] });
    f.addUser({ username: 'alice', first_name: 'Alice', groups: [g.id] });
    const r = await call('/api/ui_settings/', { token: f.setToken('alice') });
    expect(r.status).toBe(200);
    expect(r.json().user).toEqual({ id: 2, username: 'alice', is_staff: false, is_superuser: false, groups: [g.id], first_name: 'Alice' });
    expect(r.json().permissions).toEqual(['view_document', 'view_uisettings']);
    expect(r.json().settings).toMatchObject({ update_checking: { backend_setting: 'default' }, trash_delay: 30, version: '3.0.5', app_title: null });
  });

  it('POST saves settings (needs add_uisettings)', async () => {
    const f = await start();
    f.addUser({ username: 'alice', user_permissions: ['view_uisettings'] });
    const key = f.setToken('alice');
    expect((await call('/api/ui_settings/', { method: 'POST', token: key, json: { settings: { dark_mode: true } } })).status).toBe(403);
    f.user('alice')?.user_permissions.push('add_uisettings');
    expect((await call('/api/ui_settings/', { method: 'POST', token: key, json: { settings: { dark_mode: true } } })).json()).toEqual({ success: true });
    expect((await call('/api/ui_settings/', { token: key })).json().settings.dark_mode).toBe(true);
  });
});

describe('/api/documents/ (§7)', () => {
  it('needs view_document and shows own, unowned or granted documents; all to a superuser', async () => {
    const f = await start();
    const { token } = seedAdmin(f);
    f.addUser({ username: 'alice', user_permissions: ['view_document'] });
    f.addUser({ username: 'bob', user_permissions: ['view_document'] });
    f.addUser({ username: 'nobody' });
    f.addDocument({ title: 'Alice tax', owner: 'alice', created: '2026-01-02' });
    f.addDocument({ title: 'Bob tax', owner: 'bob', created: '2026-01-03' });
    f.addDocument({ title: 'Shared manual', created: '2026-01-01' });
    expect((await call('/api/documents/', { token: f.setToken('nobody') })).json()).toEqual(DENIED);
    const alice = await call('/api/documents/', { token: f.setToken('alice') });
    expect(alice.json().results.map((d: { title: string }) => d.title)).toEqual(['Alice tax', 'Shared manual']);
    expect(alice.json().results[0]).toMatchObject({ id: 1, owner: 2, created: '2026-01-02', user_can_change: true, tags: [] });
    expect((await call('/api/documents/', { token })).json().count).toBe(3);
    expect((await call('/api/documents/2/', { token: f.setToken('alice') })).json()).toEqual({ detail: 'No Document matches the given query.' });
  });
});

describe('Remote-User (§3)', () => {
  it("'off': the header is ignored everywhere", async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const page = await call('/documents/', { headers: { 'Remote-User': 'alice' } });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/accounts/login/?next=/documents/');
    expect((await call('/api/profile/', { headers: { 'Remote-User': 'alice' } })).status).toBe(401);
  });

  it("'frontend': logs in outside /api/ (auto-creating the user), ignored under /api/", async () => {
    const f = await start({ remoteUser: 'frontend' });
    const page = await call('/documents/', { headers: { 'Remote-User': 'newbie' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-version']).toBe('3.0.5');
    expect(f.user('newbie')).toMatchObject({ is_active: true, groups: [], user_permissions: [], password: '' });
    expect((await call('/documents/')).status).toBe(302);
    const apiCall = await call('/api/profile/', { headers: { 'Remote-User': 'newbie' } });
    expect(apiCall.status).toBe(401);
    expect(apiCall.headers['www-authenticate']).toBe('Token');
    await call('/api/profile/', { headers: { 'Remote-User': 'ghost' } });
    expect(f.user('ghost')).toBeUndefined();
  });

  it("'api': the header authenticates API calls, auto-creates users, and wins over Authorization", async () => {
    const f = await start({ remoteUser: 'api' });
    f.addUser({ username: 'alice' });
    f.addUser({ username: 'bob' });
    const bobKey = f.setToken('bob');
    const created = await call('/api/profile/', { headers: { 'Remote-User': 'carol' } });
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({ auth_token: null, has_usable_password: true });
    expect(f.user('carol')).toMatchObject({ is_active: true, groups: [], is_superuser: false });
    const wins = await call('/api/profile/generate_auth_token/', { method: 'POST', headers: { 'Remote-User': 'alice', Authorization: `Token ${bobKey}` } });
    expect(wins.json()).toBe(f.tokenOf('alice'));
    expect(f.tokenOf('bob')).toBe(bobKey);
    expect(f.requests.at(-1)?.authenticatedAs).toBe('alice');
  });

  it("'api': unauthenticated and failed API calls answer 403 instead of 401, without WWW-Authenticate", async () => {
    const f = await start({ remoteUser: 'api' });
    f.addUser({ username: 'gone', is_active: false });
    const anon = await call('/api/profile/');
    expect(anon.status).toBe(403);
    expect(anon.json()).toEqual(NOT_PROVIDED);
    expect(anon.headers['www-authenticate']).toBeUndefined();
    const inactive = await call('/api/profile/', { headers: { 'Remote-User': 'gone', Authorization: 'Token not-a-key' } });
    expect(inactive.status).toBe(403);
    expect(inactive.json()).toEqual({ detail: 'Invalid token.' });
  });

  it('treats Remote_User as the same header, and honours a custom header name', async () => {
    await start({ remoteUser: 'api' });
    const r = await call('/api/profile/', { headers: { Remote_User: 'dave' } });
    expect(r.status).toBe(200);
    expect(fake?.user('dave')).toBeDefined();
    await fake?.close();
    await start({ remoteUser: 'api', remoteUserHeader: 'X-Forwarded-User' });
    expect((await call('/api/profile/', { headers: { 'Remote-User': 'erin' } })).status).toBe(403);
    expect((await call('/api/profile/', { headers: { 'X-Forwarded_User': 'erin' } })).status).toBe(200);
  });

  it('is_active=false rejects the header too', async () => {
    const f = await start({ remoteUser: 'api' });
    f.addUser({ username: 'alice', is_active: false });
    expect((await call('/api/profile/', { headers: { 'Remote-User': 'alice' } })).status).toBe(403);
  });
});

describe('Routes the proxy must block or let through (§5, §7)', () => {
  it('serves /admin/login/ (also under any prefix, the pattern is unanchored) and redirects /admin/ to it', async () => {
    await start();
    expect((await call('/admin/login/')).status).toBe(200);
    expect((await call('/static/../x/admin/login/')).status).toBe(200);
    expect((await call('/api/admin/login/')).status).toBe(200);
    const index = await call('/admin/');
    expect(index.status).toBe(302);
    expect(index.headers.location).toBe('/admin/login/?next=/admin/');
  });

  it('/admin/login/ checks CSRF, then logs a staff user in by password alone (no MFA)', async () => {
    const f = await start();
    f.addUser({ username: 'staff', password: 'staff-password-1', is_staff: true, totpCode: '999999' });
    expect((await call('/admin/login/', { method: 'POST', form: { username: 'staff', password: 'staff-password-1' } })).status).toBe(403);
    const csrf = 'a'.repeat(32);
    const r = await call('/admin/login/', {
      method: 'POST',
      headers: { Cookie: `csrftoken=${csrf}` },
      form: { username: 'staff', password: 'staff-password-1', csrfmiddlewaretoken: csrf },
    });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/admin/');
  });

  it('the headless app login hands out the DRF token as meta.access_token (get_or_create)', async () => {
    const f = await start();
    f.addUser({ username: 'alice', password: 'right-password-1' });
    const r = await call('/api/auth/headless/app/v1/auth/login', { method: 'POST', json: { username: 'alice', password: 'right-password-1' } });
    expect(r.status).toBe(200);
    expect(r.json().meta).toMatchObject({ is_authenticated: true, access_token: f.tokenOf('alice') });
    expect((await call('/api/auth/login/')).status).toBe(200);
  });

  it('sends paths Paperless does not route to its SPA catch-all: 302 to the login page', async () => {
    await start();
    const r = await call('/api/no_such_thing/');
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/accounts/login/?next=/api/no_such_thing/');
    expect((await call('/api/token')).headers.location).toBe('/accounts/login/?next=/api/token');
  });
});

describe('Test controls', () => {
  it('records every request with raw headers (duplicates joined) and who was authenticated', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    await call('/api/profile/?x=1', { token: key, headers: { 'X-Forwarded-For': ['1.1.1.1', '2.2.2.2'] } });
    await call('/api/profile/', { method: 'PATCH', json: { first_name: 'A' } });
    expect(f.requests).toHaveLength(2);
    expect(f.requests[0]).toMatchObject({ method: 'GET', path: '/api/profile/?x=1', authenticatedAs: 'alice', body: '' });
    expect(f.requests[0]?.headers['x-forwarded-for']).toBe('1.1.1.1, 2.2.2.2');
    expect(f.requests[0]?.headers.authorization).toBe(`Token ${key}`);
    expect(f.requests[1]).toMatchObject({ method: 'PATCH', body: '{"first_name":"A"}', authenticatedAs: null });
  });

  it('injects faults by path and method, a number of times, and resets connections for status 0', async () => {
    const f = await start();
    f.fault({ path: /^\/api\/token\//, method: 'GET', status: 502, body: 'Bad Gateway', times: 1 });
    const faulted = await call('/api/token/');
    expect(faulted.status).toBe(502);
    expect(faulted.body).toBe('Bad Gateway');
    expect((await call('/api/token/')).status).toBe(405);
    f.fault({ path: /token/, status: 0 });
    await expect(call('/api/token/')).rejects.toThrow(/socket hang up|ECONNRESET/);
    f.clearFaults();
    expect((await call('/api/token/')).status).toBe(405);
  });

  it('pause() refuses connections; resume() listens on the same port with the same state', async () => {
    const f = await start();
    f.addUser({ username: 'alice' });
    const key = f.setToken('alice');
    const port = f.port;
    await f.pause();
    await expect(call('/api/profile/', { token: key })).rejects.toThrow(/ECONNREFUSED/);
    await f.resume();
    expect(f.port).toBe(port);
    expect((await call('/api/profile/', { token: key })).status).toBe(200);
  });

  it('refuses to seed permissions by app-qualified name', async () => {
    const f = await start();
    expect(() => f.addUser({ username: 'x', user_permissions: ['documents.view_document'] })).toThrow(/unknown permission codename/);
  });
});
