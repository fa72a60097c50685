/**
 * The Paperless use cases through lib, against the fake Paperless (test/support/fake-paperless.ts)
 * as a real HTTP server, on SQLite and PostgreSQL: connecting and checking, provisioning with
 * mapped groups, the real token (random password + /api/token/ through the throttle queue, or
 * the Remote-User listener), device tokens and their hostile cases, rotation, disabling a user.
 * Every refusal leaves nothing half-made and an audit event.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSecret, sha256Hex } from '../crypto';
import { createSession } from '../sessions/create-session';
import { createTestUser } from '../../test/support/fixtures';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { setUserStatus } from '../users/set-user-status';
import { createSessionStore } from '../verify/session-store';
import { checkConnection } from './check-connection';
import { loadConnection, saveConnection } from './connection';
import { toAppTokenSession } from './app-token-source';
import { APP_TOKEN_LOOKUP_SQL, toAppTokenRow } from './app-token-verify';
import { createAppToken, listAppTokens, revokeAppToken } from './app-tokens';
import { setGroupMapping } from './group-mappings';
import { provisionPaperlessUser } from './provision-user';
import { realTokenContext, rotateRealToken } from './real-token';
import { createTokenQueue } from './token-queue';

const meta = { ip: '192.0.2.7', userAgent: 'vitest' };
const ADMIN = { id: 'admin-id', name: 'admin' };

describe.each(DIALECTS)('Paperless on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let fake: FakePaperless;
  let adminToken: string;
  const queue = createTokenQueue({ maxWaitMs: 5_000, defaultRetryMs: 500 });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    fake = await startFakePaperless({ tokenThrottlePerMinute: 1000 });
    fake.addUser({ username: 'paperless-admin', password: 'admin-password-1', is_superuser: true, is_staff: true });
    adminToken = fake.setToken('paperless-admin');
    await connect();
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await fake?.close();
    testEnv.restore();
    await t?.drop();
  });

  async function connect(over: Partial<Parameters<typeof saveConnection>[1]['values']> = {}) {
    await saveConnection(t.db, {
      values: { internalUrl: fake.url, publicUrl: 'https://paperless.example.test', adminToken, tokenSource: 'password', remoteUserUrl: '', ...over },
      actor: ADMIN,
      meta,
      env: testEnv.env,
    });
  }

  async function person(options: { groups?: string[]; level?: 'one_factor' | 'two_factor'; username?: string } = {}) {
    const user = await createTestUser(t.db, { groups: options.groups, username: options.username });
    const session = await createSession(t.db, { userId: user.id, level: options.level ?? 'two_factor', meta, maxAgeMs: 3_600_000 });
    return { ...user, sessionId: session.sessionId, sessionToken: session.token };
  }

  let requests = 0;
  const create = (who: { id: string; username: string }, over: { label?: string; requestId?: string; level?: string; expires?: '30' | 'never' } = {}) =>
    createAppToken(t.db, {
      user: { id: who.id, username: who.username, status: 'active' },
      sessionLevel: over.level ?? 'two_factor',
      values: {
        label: over.label ?? 'Phone — Paperparrot',
        expires: over.expires ?? 'never',
        requestId: over.requestId ?? `request-${String(++requests).padStart(12, '0')}`,
      },
      meta,
      env: testEnv.env,
      queue,
    });

  const audit = (type: string, outcome?: 'success' | 'failure') =>
    t.db.auditEvent.findMany({ where: { type, ...(outcome ? { outcome } : {}) }, select: { targetName: true, data: true, outcome: true } });

  it('stores the admin token sealed and checks the connection: version, superuser, nothing missing', async () => {
    const row = await t.db.paperlessConnection.findUnique({ where: { id: 'default' }, select: { adminToken: true } });
    expect(row!.adminToken).toMatch(/^v1\./);
    expect(row!.adminToken).not.toContain(adminToken);
    expect((await loadConnection(t.db, testEnv.env))!.adminToken).toBe(adminToken);
    const check = await checkConnection(t.db, { actor: ADMIN, meta, env: testEnv.env });
    expect(check).toMatchObject({ ok: true, reachable: true, version: '3.0.5', account: 'paperless-admin', superuser: true, missingPermissions: [] });
  });

  it('says what is wrong: a refused token, missing permissions, Paperless down', async () => {
    await connect({ adminToken: 'f'.repeat(40) });
    const refused = await checkConnection(t.db, { actor: ADMIN, meta, env: testEnv.env });
    // Only the refused token: no permission verdict for a token Paperless did not accept.
    expect(refused).toMatchObject({ ok: false, missingPermissions: [] });
    expect(refused.problems).toEqual([
      'Paperless refused the admin token (401: Invalid token): check that it was copied whole and that its account is active.',
    ]);
    fake.addUser({ username: 'weak-admin', user_permissions: ['view_uisettings', 'view_user'] });
    await connect({ adminToken: fake.setToken('weak-admin') });
    const weak = await checkConnection(t.db, { actor: ADMIN, meta, env: testEnv.env });
    expect(weak.ok).toBe(false);
    expect(weak.missingPermissions).toEqual(['add_user', 'change_user', 'view_group']);
    await connect();
    await fake.pause();
    try {
      const down = await checkConnection(t.db, { actor: ADMIN, meta, env: testEnv.env });
      expect(down).toMatchObject({ ok: false, reachable: false });
      expect(down.problems[0]).toMatch(/cannot be reached|connection refused/);
    } finally {
      await fake.resume();
    }
    expect((await audit('paperless.connection_checked', 'failure')).length).toBeGreaterThanOrEqual(3);
  });

  it('provisions: finds an existing account case-insensitively, or creates one without a password; mapped groups only', async () => {
    const family = fake.addGroup({ name: 'family', permissions: ['view_document', 'view_uisettings', 'view_user'] });
    const readers = fake.addGroup({ name: 'readers', permissions: ['view_document'] });
    const handSet = fake.addGroup({ name: 'hand-set', permissions: [] });
    const who = await person({ groups: ['fam-gh', 'readers-gh'] });
    const groups = await t.db.group.findMany({ where: { name: { in: ['fam-gh', 'readers-gh'] } }, select: { id: true, name: true } });
    for (const g of groups)
      await setGroupMapping(t.db, { groupId: g.id, paperlessGroupId: g.name === 'fam-gh' ? family.id : readers.id, actor: ADMIN, meta, env: testEnv.env });

    const created = await provisionPaperlessUser(t.db, { userId: who.id, actor: ADMIN, meta, env: testEnv.env });
    expect(created.created).toBe(true);
    const account = fake.user(who.username)!;
    // Created without a password: Django stores '' for a REST-created user, which matches nothing.
    expect([null, '']).toContain(account.password);
    expect(account.groups.sort()).toEqual([family.id, readers.id].sort());
    expect(created.warnings.map((w) => w.paperlessGroupName)).toEqual(['readers']);

    // A group set by hand in Paperless stays; leaving a mapped Gatehouse group removes its Paperless group.
    account.groups.push(handSet.id);
    await t.db.userGroup.deleteMany({ where: { userId: who.id, groupId: groups.find((g) => g.name === 'readers-gh')!.id } });
    const again = await provisionPaperlessUser(t.db, { userId: who.id, actor: ADMIN, meta, env: testEnv.env });
    expect(again.created).toBe(false);
    expect(fake.user(who.username)!.groups.sort()).toEqual([family.id, handSet.id].sort());

    const existing = fake.addUser({ username: 'MixedCase' });
    const mixed = await person({ username: 'mixedcase' });
    const found = await provisionPaperlessUser(t.db, { userId: mixed.id, actor: ADMIN, meta, env: testEnv.env });
    expect(found).toMatchObject({ created: false, paperlessUserId: existing.id, paperlessUsername: 'MixedCase' });
  });

  it('creates a device token: real token obtained once, sealed; the device token stored only as a hash', async () => {
    const who = await person();
    const first = await create(who);
    expect(first.token).toMatch(/^[0-9a-f]{40}$/);
    expect(first.serverUrl).toBe('https://paperless.example.test');
    const real = fake.tokenOf(who.username)!;
    expect(real).toMatch(/^[0-9a-f]{40}$/);
    expect(fake.user(who.username)!.password).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const account = await t.db.paperlessAccount.findUnique({ where: { userId: who.id }, select: { realToken: true } });
    expect(account!.realToken).not.toContain(real);
    expect(openSecret(account!.realToken!, testEnv.env.secrets.encryptionKey, realTokenContext(who.id))).toBe(real);
    const row = await t.db.appToken.findFirst({ where: { userId: who.id }, select: { tokenHash: true, label: true } });
    expect(row).toEqual({ tokenHash: sha256Hex(first.token), label: 'Phone — Paperparrot' });

    // A second device reuses the real token: no second password change, no second /api/token/.
    const tokenCalls = fake.requests.filter((r) => r.path.startsWith('/api/token/')).length;
    const second = await create(who, { label: 'Tablet' });
    expect(second.token).not.toBe(first.token);
    expect(fake.requests.filter((r) => r.path.startsWith('/api/token/')).length).toBe(tokenCalls);
    expect(fake.tokenOf(who.username)).toBe(real);

    // What the verify endpoint reads on a cache miss: the user and the real token, in one query.
    const store = await createSessionStore({ url: t.url, dialect, sqlitePath: dialect === 'sqlite' ? t.target : undefined }, t.db);
    try {
      const query = store.prepareOne('app-token', APP_TOKEN_LOOKUP_SQL);
      const lookedUp = toAppTokenRow((await query(sha256Hex(first.token)))!);
      const session = toAppTokenSession(lookedUp, Date.now(), (sealed, userId) =>
        openSecret(sealed, testEnv.env.secrets.encryptionKey, realTokenContext(userId)),
      );
      expect(session?.grant?.upstream?.['auth-request']['X-Paperless-Authorization']).toBe(`Token ${real}`);
      expect(session?.grant?.onlyHost).toBe('paperless.example.test');
      expect(await query(sha256Hex('0'.repeat(40)))).toBeNull();
    } finally {
      await store.close();
    }
    expect((await audit('device_token.created', 'success')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a one-factor session, and creates one token for a form sent twice at once', async () => {
    const who = await person();
    await expect(create(who, { level: 'one_factor' })).rejects.toThrow(/second factor/);
    expect(await t.db.appToken.count({ where: { userId: who.id } })).toBe(0);
    const results = await Promise.allSettled([create(who, { requestId: 'double-click-0000001' }), create(who, { requestId: 'double-click-0000001' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/already sent/);
    expect(await t.db.appToken.count({ where: { userId: who.id } })).toBe(1);
  });

  it('stops when the Paperless account has its own TOTP, telling the admin what to do; nothing is created', async () => {
    const who = await person();
    fake.addUser({ username: who.username, mfa: true });
    await expect(create(who)).rejects.toThrow(/own two-factor authentication turned on.*Disable TOTP/s);
    expect(await t.db.appToken.count({ where: { userId: who.id } })).toBe(0);
    const account = await t.db.paperlessAccount.findUnique({ where: { userId: who.id }, select: { realToken: true } });
    expect(account?.realToken ?? null).toBeNull();
    expect(fake.tokenOf(who.username)).toBeUndefined();
    expect((await audit('device_token.created', 'failure')).some((e) => e.data?.includes('two-factor'))).toBe(true);
  });

  it.each([
    ['Paperless answers 500 to /api/token/', { path: /^\/api\/token\//, status: 500, body: '{"detail":"boom"}' }, /answered POST \/api\/token\/ with 500/],
    ['Paperless resets the connection', { path: /^\/api\/users\//, status: 0 }, /cannot be reached|reset/],
    [
      'Paperless keeps throttling',
      { path: /^\/api\/token\//, status: 429, body: '{"detail":"Request was throttled. Expected available in 60 seconds."}', headers: { 'Retry-After': '60' } },
      /limiting sign-ins/,
    ],
  ])('%s: a clear error, no device token, an audit event', async (_name, fault, message) => {
    const who = await person();
    fake.fault(fault);
    await expect(create(who)).rejects.toThrow(message);
    expect(await t.db.appToken.count({ where: { userId: who.id } })).toBe(0);
    const account = await t.db.paperlessAccount.findUnique({ where: { userId: who.id }, select: { realToken: true } });
    expect(account?.realToken ?? null).toBeNull();
    expect((await audit('device_token.created', 'failure')).length).toBeGreaterThan(0);
  });

  it('waits out one 429 (Retry-After) and then succeeds', async () => {
    const who = await person();
    fake.fault({
      path: /^\/api\/token\//,
      method: 'POST',
      status: 429,
      body: '{"detail":"Request was throttled. Expected available in 1 seconds."}',
      headers: { 'Retry-After': '1' },
      times: 1,
    });
    const started = Date.now();
    const created = await create(who);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(created.token).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the owner or an admin revokes a token; nobody else can', async () => {
    const owner = await person();
    const stranger = await person();
    const { id } = await create(owner);
    await expect(revokeAppToken(t.db, { tokenId: id, actor: { id: stranger.id, name: stranger.username }, asAdmin: false, meta })).rejects.toThrow(/not yours/);
    await revokeAppToken(t.db, { tokenId: id, actor: { id: owner.id, name: owner.username }, asAdmin: false, meta });
    await expect(revokeAppToken(t.db, { tokenId: id, actor: ADMIN, asAdmin: true, meta })).rejects.toThrow(/already revoked/);
    const [listed] = await listAppTokens(t.db, { userId: owner.id });
    expect(listed!.state).toBe('revoked');
    const other = await create(owner, { label: 'Second' });
    await revokeAppToken(t.db, { tokenId: other.id, actor: ADMIN, asAdmin: true, meta });
    expect((await audit('device_token.revoked')).filter((e) => e.targetName === 'Second')).toHaveLength(1);
  });

  it('rotating the real token invalidates the old one in Paperless and leaves the devices alone', async () => {
    const who = await person();
    const device = await create(who);
    const before = fake.tokenOf(who.username)!;
    await rotateRealToken(t.db, { userId: who.id, actor: ADMIN, meta, env: testEnv.env });
    const after = fake.tokenOf(who.username)!;
    expect(after).not.toBe(before);
    const account = await t.db.paperlessAccount.findUnique({ where: { userId: who.id }, select: { realToken: true } });
    expect(openSecret(account!.realToken!, testEnv.env.secrets.encryptionKey, realTokenContext(who.id))).toBe(after);
    expect(await t.db.appToken.findFirst({ where: { id: device.id }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
  });

  it('disabling a user ends sessions, revokes every device token and deactivates the Paperless account; enabling reactivates it', async () => {
    const who = await person();
    await create(who);
    await create(who, { label: 'Tablet' });
    const done = await setUserStatus(t.db, { userId: who.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env });
    expect(done).toMatchObject({ sessionsEnded: 1, tokensRevoked: 2, paperless: { ok: true } });
    expect(await t.db.appToken.count({ where: { userId: who.id, revokedAt: null } })).toBe(0);
    expect(fake.user(who.username)!.is_active).toBe(false);
    const enabled = await setUserStatus(t.db, { userId: who.id, status: 'active', actor: ADMIN, meta, env: testEnv.env });
    expect(enabled.paperless.ok).toBe(true);
    expect(fake.user(who.username)!.is_active).toBe(true);
    expect(await t.db.appToken.count({ where: { userId: who.id, revokedAt: null } })).toBe(0);
  });

  it('disabling still happens in Gatehouse when Paperless is down, and says so', async () => {
    const who = await person();
    await create(who);
    await fake.pause();
    try {
      const done = await setUserStatus(t.db, { userId: who.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env });
      expect(done.tokensRevoked).toBe(1);
      expect(done.paperless.ok).toBe(false);
      expect(done.paperless.message).toMatch(/by hand/);
    } finally {
      await fake.resume();
    }
    expect((await t.db.user.findUnique({ where: { id: who.id }, select: { status: true } }))!.status).toBe('disabled');
  });

  it('will not disable the last active admin', async () => {
    await t.db.user.updateMany({ where: { groups: { some: { group: { name: 'admins' } } } }, data: { status: 'disabled' } });
    const admin = await createTestUser(t.db, { groups: ['admins'] });
    await expect(setUserStatus(t.db, { userId: admin.id, status: 'disabled', actor: ADMIN, meta, env: testEnv.env })).rejects.toThrow(/last active admin/);
  });
});

describe('Paperless through a Remote-User listener', () => {
  it('reads the existing token as the user, or generates one, without touching the password', async () => {
    const t = await createTestDatabase('sqlite');
    const testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    const fake = await startFakePaperless({ remoteUser: 'api' });
    try {
      fake.addUser({ username: 'paperless-admin', is_superuser: true });
      const adminToken = fake.setToken('paperless-admin');
      await saveConnection(t.db, {
        values: { internalUrl: fake.url, publicUrl: 'https://paperless.example.test', adminToken, tokenSource: 'remote_user', remoteUserUrl: fake.url },
        actor: ADMIN,
        meta,
        env: testEnv.env,
      });
      expect((await checkConnection(t.db, { actor: ADMIN, meta, env: testEnv.env })).remoteUser).toBe('ok');
      const user = await createTestUser(t.db);
      fake.addUser({ username: user.username, password: 'their-own-password-1' });
      const existing = fake.setToken(user.username);
      await createAppToken(t.db, {
        user: { ...user, status: 'active' },
        sessionLevel: 'two_factor',
        values: { label: 'Phone', expires: '30', requestId: 'remote-user-000001' },
        meta,
        env: testEnv.env,
      });
      const account = await t.db.paperlessAccount.findUnique({ where: { userId: user.id }, select: { realToken: true } });
      expect(openSecret(account!.realToken!, testEnv.env.secrets.encryptionKey, realTokenContext(user.id))).toBe(existing);
      expect(fake.user(user.username)!.password).toBe('their-own-password-1');
    } finally {
      await fake.close();
      testEnv.restore();
      await t.drop();
    }
  });
});
