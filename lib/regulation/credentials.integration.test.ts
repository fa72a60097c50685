/**
 * Regulation of credential checks through the real sign-in code, on SQLite and PostgreSQL: the
 * user ban, the separate address ban, the shared count across kinds of check, lifting (an
 * OpenID Connect client's ban named by the client's name, or its id once deleted), bans
 * surviving a restart, and two processes sharing one PostgreSQL database counting together.
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithPassword, WRONG_CREDENTIALS, type PasswordSignIn } from '../auth/password/sign-in-with-password';
import { createDb } from '../db';
import { passRecoveryCode } from '../mfa/second-factor-step';
import { issueOneTimeToken } from '../links/one-time-token';
import { createSession } from '../sessions/create-session';
import { confirmEmailLink } from '../auth/email-link/confirm-email-link';
import { inspectEmailLink } from '../auth/email-link/inspect-email-link';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { seedOidcApplication, seedOidcClient } from '../../test/support/oidc';
import { liftBan, listBans } from './bans';
import { checkRegulation, CREDENTIALS_SCOPE, DEFAULT_REGULATION, recordCredentialFailure } from './credentials';

const run = promisify(execFile);
const BAN_10 = 'Too many failed sign-ins. Try again in 10 minutes.';
const admin = { id: 'admin-id', name: 'admin' };
let ipCounter = 0;
/** A fresh documentation address per test, so tests never ban each other's address. */
const newIp = () => `198.51.100.${++ipCounter}`;
const metaFrom = (ip: string) => ({ ip, userAgent: 'vitest' });
const messageOf = (result: PasswordSignIn) => (result.ok ? 'signed in' : result.message);

describe.each(DIALECTS)('credential regulation on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
  });
  afterAll(async () => {
    testEnv?.restore();
    await t?.drop();
  });

  const signIn = (login: string, password: string, ip: string) => signInWithPassword(t.db, { login, password, meta: metaFrom(ip), sessionMaxAgeMs: 3_600_000 });
  const audits = (type: string) => t.db.auditEvent.findMany({ where: { type }, select: { targetId: true, ip: true, data: true, actorId: true } });

  it('bans the user after 5 wrong passwords; the right password is then refused with the same message, from any address', async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    for (let i = 0; i < 4; i++) expect(await signIn(user.username, `wrong ${i}`, ip)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(await signIn(user.username, 'wrong 4', ip)).toEqual({ ok: false, message: BAN_10 });
    // Banned: the right password and a wrong one get the same answer, and no session is made.
    expect(await signIn(user.username, TEST_PASSWORD, ip)).toEqual({ ok: false, message: BAN_10 });
    expect(await signIn(user.username, 'wrong 5', ip)).toEqual({ ok: false, message: BAN_10 });
    // The user ban holds from another address too (that address is not banned itself).
    expect(await signIn(user.email, TEST_PASSWORD, newIp())).toEqual({ ok: false, message: BAN_10 });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    // Refused attempts are not counted: the 5 failures placed the ban, nothing after it.
    expect(await t.db.credentialFailure.count({ where: { subject: `user:${user.id}` } })).toBe(5);
    const banned = (await audits('regulation.banned')).filter((e) => e.targetId === user.id);
    expect(banned).toHaveLength(1);
    expect(JSON.parse(banned[0]!.data!)).toMatchObject({ subject: 'user', failures: 5 });
    expect((await audits('regulation.banned')).filter((e) => e.data?.includes(`"address":"${ip}"`))).toHaveLength(1);
  });

  it('bans the address separately: five users failing from one address ban it for everyone there, not the users elsewhere', async () => {
    const ip = newIp();
    const users = await Promise.all(Array.from({ length: 5 }, () => createTestUser(t.db)));
    for (const [i, user] of users.entries()) {
      expect(messageOf(await signIn(user.username, 'nope', ip))).toBe(i < 4 ? WRONG_CREDENTIALS : BAN_10);
    }
    const fresh = await createTestUser(t.db);
    expect(await signIn(fresh.username, TEST_PASSWORD, ip)).toEqual({ ok: false, message: BAN_10 });
    // Each user failed once: none of them is banned, and from another address they sign in.
    expect((await signIn(users[0]!.username, TEST_PASSWORD, newIp())).ok).toBe(true);
    expect((await signIn(fresh.username, TEST_PASSWORD, newIp())).ok).toBe(true);
    expect(await checkRegulation(t.db, { ip })).toMatchObject({ locked: true, subject: `ip:${ip}` });
  });

  it('counts unknown logins against the address and each login name', async () => {
    const ip = newIp();
    const ghosts = Array.from({ length: 5 }, () => `ghost-${randomUUID()}`);
    for (const ghost of ghosts.slice(0, 4)) expect(messageOf(await signIn(ghost, 'x', ip))).toBe(WRONG_CREDENTIALS);
    expect(messageOf(await signIn(ghosts[4]!, 'x', ip))).toBe(BAN_10);
    expect(await t.db.credentialFailure.count({ where: { subject: `ip:${ip}` } })).toBe(5);
    expect(await t.db.credentialLock.count({ where: { subject: `ip:${ip}` } })).toBe(1);
    for (const ghost of ghosts) expect(await t.db.credentialFailure.count({ where: { subject: `login:${ghost}` } })).toBe(1);
  });

  it('a ban does not tell whether an account exists: an account and a login naming nobody get the same answers, from fresh addresses each time', async () => {
    // What an attacker would type: any text, addresses, and logins spelled like other subjects.
    const typed = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.emailAddress(),
      fc.constantFrom('user:admin-id', 'ip:192.0.2.1', 'client:paperless', ' Bob ', 'BOB', 'login:x', '\u0000bob'),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(typed, async (raw) => {
        const login = `${raw}~${++run}`;
        const user = await createTestUser(t.db);
        const answers = async (name: string, right: string) => {
          const out: string[] = [];
          for (let i = 0; i < 6; i++) out.push(messageOf(await signIn(name, `wrong ${i}`, newIp())));
          out.push(messageOf(await signIn(name, right, newIp())));
          return out;
        };
        const forAccount = await answers(user.username, TEST_PASSWORD);
        const forNobody = await answers(login, 'any password');
        expect(forAccount).toEqual([...Array(4).fill(WRONG_CREDENTIALS), BAN_10, BAN_10, BAN_10]);
        expect(forNobody).toEqual(forAccount);
        // The ban is on the login as sign-in reads it, listed and liftable like any other.
        const value = login
          .trim()
          .toLowerCase()
          .replace(/[\u0000-\u001f\u007f]/g, '?')
          .slice(0, 320);
        const ban = (await listBans(t.db)).find((b) => b.kind === 'login' && b.value === value);
        expect(ban, value).toMatchObject({ subject: `login:${value}`, failures: 5 });
        expect(await liftBan(t.db, { id: ban!.id, actor: admin, meta: metaFrom('192.0.2.200') })).toEqual({ label: `login name ${value}` });
        expect(messageOf(await signIn(login, 'wrong again', newIp()))).toBe(WRONG_CREDENTIALS);
      }),
      { numRuns: 6 },
    );
    const banned = (await audits('regulation.banned')).map((e) => JSON.parse(e.data ?? '{}') as { subject: string; login?: string });
    expect(banned.filter((d) => d.subject === 'login' && d.login?.endsWith('~1'))).toHaveLength(1);
  }, 120_000);

  it('adds up failures of every kind: 3 wrong passwords and 2 wrong recovery codes ban the user', async () => {
    const user = await createTestUser(t.db);
    for (let i = 0; i < 3; i++) await signIn(user.username, 'wrong', newIp());
    const session = await createSession(t.db, { userId: user.id, level: 'one_factor', meta: metaFrom(newIp()), maxAgeMs: 3_600_000 });
    const stepUser = { id: user.id, username: user.username, email: user.email, displayName: user.username };
    const step = (ip: string) =>
      passRecoveryCode(t.db, { user: stepUser, sessionId: session.sessionId, meta: metaFrom(ip), env: testEnv.env, code: 'aaaa-bbbb-cccc' });
    await expect(step(newIp())).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(step(newIp())).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed attempts/) });
    expect(await signIn(user.username, TEST_PASSWORD, newIp())).toEqual({ ok: false, message: BAN_10 });
    expect(await t.db.credentialLock.findMany({ where: { subject: `user:${user.id}` }, select: { scope: true, failures: true } })).toEqual([
      { scope: CREDENTIALS_SCOPE, failures: 5 },
    ]);
  });

  it('email links: bad links ban the address, and a good link from there, or for a banned user, is refused without being used', async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    const link = await issueOneTimeToken(t.db, { purpose: 'email_sign_in', ttlMs: 10 * 60_000, email: user.email });
    const confirm = (token: string, from: string) => confirmEmailLink(t.db, { token, meta: metaFrom(from), env: testEnv.env });
    for (let i = 0; i < 4; i++) await expect(confirm(`not-a-link-${i}`, ip)).rejects.toMatchObject({ code: 'GONE' });
    await expect(confirm('not-a-link-5', ip)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: BAN_10 });
    await expect(confirm(link.token, ip)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: BAN_10 });
    expect(await inspectEmailLink(t.db, link.token)).toEqual({ status: 'ok', email: user.email });

    for (let i = 0; i < 5; i++) await signIn(user.username, 'wrong', newIp());
    await expect(confirm(link.token, newIp())).rejects.toMatchObject({ code: 'RATE_LIMITED', message: BAN_10 });
    expect(await inspectEmailLink(t.db, link.token)).toEqual({ status: 'ok', email: user.email });

    const userBan = (await listBans(t.db)).find((b) => b.subject === `user:${user.id}`)!;
    await liftBan(t.db, { id: userBan.id, actor: admin, meta: metaFrom('192.0.2.200') });
    expect(await confirm(link.token, newIp())).toMatchObject({ kind: 'signed-in', userId: user.id });
  });

  it('lists bans with the username or address, and lifts one (audited, once); the other stays', async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    for (let i = 0; i < 5; i++) await signIn(user.username, 'wrong', ip);
    const bans = await listBans(t.db);
    const userBan = bans.find((b) => b.subject === `user:${user.id}`)!;
    const ipBan = bans.find((b) => b.subject === `ip:${ip}`)!;
    expect(userBan).toMatchObject({ kind: 'user', value: user.id, username: user.username, failures: 5 });
    expect(ipBan).toMatchObject({ kind: 'address', value: ip, username: null, failures: 5 });
    expect(userBan.until.getTime() - userBan.since.getTime()).toBe(DEFAULT_REGULATION.banMs);

    expect(await liftBan(t.db, { id: userBan.id, actor: admin, meta: metaFrom('192.0.2.200') })).toEqual({ label: `user ${user.username}` });
    await expect(liftBan(t.db, { id: userBan.id, actor: admin, meta: metaFrom('192.0.2.200') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(liftBan(t.db, { id: 99_999_999, actor: admin, meta: metaFrom('192.0.2.200') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const lifted = (await audits('regulation.lifted')).filter((e) => e.targetId === user.id);
    expect(lifted).toEqual([expect.objectContaining({ actorId: admin.id, ip: '192.0.2.200' })]);
    expect((await listBans(t.db)).map((b) => b.id)).not.toContain(userBan.id);

    // The address is still banned; from elsewhere the user signs in, and old failures no longer count.
    expect(await signIn(user.username, TEST_PASSWORD, ip)).toEqual({ ok: false, message: BAN_10 });
    const elsewhere = newIp();
    expect(messageOf(await signIn(user.username, 'wrong again', elsewhere))).toBe(WRONG_CREDENTIALS);
    expect((await signIn(user.username, TEST_PASSWORD, elsewhere)).ok).toBe(true);

    expect(await liftBan(t.db, { id: ipBan.id, actor: admin, meta: metaFrom('192.0.2.200') })).toEqual({ label: `address ${ip}` });
    expect((await signIn(user.username, TEST_PASSWORD, ip)).ok).toBe(true);
  });

  it("lists an OpenID Connect client's ban with the client's name and application, or its id alone once deleted; lifting it names the client", async () => {
    const applicationId = await seedOidcApplication(t.db);
    const { clientId } = await seedOidcClient(t.db, { applicationId, redirectUris: ['http://127.0.0.1:9/cb'] });
    const gone = `gone-${randomUUID()}`;
    for (let i = 0; i < 5; i++) {
      await recordCredentialFailure(t.db, { clientId, policy: DEFAULT_REGULATION });
      await recordCredentialFailure(t.db, { clientId: gone, policy: DEFAULT_REGULATION });
    }
    const { name } = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId }, select: { name: true } });
    const bans = await listBans(t.db);
    const banned = bans.find((b) => b.subject === `client:${clientId}`)!;
    expect(banned).toMatchObject({ kind: 'client', value: clientId, username: null, client: { name, applicationId }, failures: 5 });
    expect(bans.find((b) => b.subject === `client:${gone}`)).toMatchObject({ kind: 'client', value: gone, client: null });

    expect(await liftBan(t.db, { id: banned.id, actor: admin, meta: metaFrom('192.0.2.200') })).toEqual({ label: `OpenID client ${name} (${clientId})` });
    const lifted = await t.db.auditEvent.findFirstOrThrow({
      where: { type: 'regulation.lifted', targetId: clientId },
      select: { targetType: true, targetName: true },
    });
    expect(lifted).toEqual({ targetType: 'oidc_client', targetName: name });
    const other = bans.find((b) => b.subject === `client:${gone}`)!;
    expect(await liftBan(t.db, { id: other.id, actor: admin, meta: metaFrom('192.0.2.200') })).toEqual({ label: `OpenID client (deleted, id ${gone})` });
  });

  it('two admins lifting the same ban at once: one lifts, the other is told it is gone', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) await recordCredentialFailure(t.db, { ip, policy: DEFAULT_REGULATION });
    const ban = (await listBans(t.db)).find((b) => b.subject === `ip:${ip}`)!;
    const results = await Promise.allSettled([0, 1].map(() => liftBan(t.db, { id: ban.id, actor: admin, meta: metaFrom('192.0.2.200') })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });

  it('keeps bans across a restart (a new database client)', async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    for (let i = 0; i < 5; i++) await signIn(user.username, 'wrong', ip);
    const restarted = createDb({ dialect, url: t.url });
    try {
      expect(await checkRegulation(restarted, { userId: user.id })).toMatchObject({ locked: true });
      expect(await checkRegulation(restarted, { ip })).toMatchObject({ locked: true });
      const again = await signInWithPassword(restarted, { login: user.username, password: TEST_PASSWORD, meta: metaFrom(newIp()), sessionMaxAgeMs: 3_600_000 });
      expect(again).toEqual({ ok: false, message: BAN_10 });
    } finally {
      await restarted.$disconnect();
    }
  });

  it('follows the configured policy: 2 failures within the window ban for 1 minute; the ban ends by itself', async () => {
    const user = await createTestUser(t.db);
    const policy = { maxFailures: 2, windowMs: 60_000, banMs: 60_000 };
    const t0 = new Date(Date.now() + 3_600_000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const attempt = (password: string, ms: number) =>
      signInWithPassword(t.db, { login: user.username, password, meta: metaFrom(newIp()), sessionMaxAgeMs: 3_600_000, regulation: policy, now: at(ms) });
    expect(messageOf(await attempt('wrong', 0))).toBe(WRONG_CREDENTIALS);
    expect(messageOf(await attempt('wrong', 1000))).toBe('Too many failed sign-ins. Try again in 1 minute.');
    expect(messageOf(await attempt(TEST_PASSWORD, 30_000))).toBe('Too many failed sign-ins. Try again in a moment.');
    expect((await attempt(TEST_PASSWORD, 61_000)).ok).toBe(true);
  });

  it('does not count or check an address when the client address is unknown', async () => {
    const user = await createTestUser(t.db);
    const result = await signInWithPassword(t.db, { login: user.username, password: 'wrong', meta: { ip: null, userAgent: null }, sessionMaxAgeMs: 3_600_000 });
    expect(result.ok).toBe(false);
    expect(await t.db.credentialFailure.count({ where: { subject: `user:${user.id}` } })).toBe(1);
    expect(await checkRegulation(t.db, { ip: null, userId: null })).toEqual({ locked: false });
  });

  // Two separate Node processes, each with its own Prisma client and connection pool (SQLite: its
  // own connection to the same file), stand for two Gatehouse instances behind one load balancer.
  // They run the real password sign-in (the server action is a thin wrapper around it; driving it
  // over HTTP is lib/concurrency/sign-in-burst.integration.test.ts).
  it('two processes, 15 wrong passwords at once each, for one user from one address: 5 checked in all, one ban per subject', async () => {
    const user = await createTestUser(t.db);
    const ip = newIp();
    // Bundled like the server is (dependencies stay in node_modules), then run by plain Node.
    const worker = join(process.cwd(), 'node_modules', '.cache', 'gatehouse-tests', `sign-in-worker-${process.pid}.mjs`);
    await build({
      entryPoints: [join(process.cwd(), 'test', 'support', 'regulation', 'sign-in-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: worker,
      logLevel: 'error',
    });
    const startAt = String(Date.now() + 3000);
    const outputs = await Promise.all(
      [0, 1].map(() => run(process.execPath, [worker, dialect, t.url, user.username, ip, '15', startAt], { cwd: process.cwd(), timeout: 60_000 })),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as { pid: number; messages: string[] });
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    const messages = results.flatMap((r) => r.messages);
    expect(messages).toHaveLength(30);
    // Neither process alone decides: together they looked at 5 passwords, the rest were refused unchecked.
    const checked = await t.db.auditEvent.count({ where: { type: 'auth.sign_in', targetId: user.id, data: { contains: '"reason":"wrong_password"' } } });
    const refused = await t.db.auditEvent.count({ where: { type: 'auth.sign_in', targetId: user.id, data: { contains: '"reason":"banned"' } } });
    expect({ checked, refused }).toEqual({ checked: 5, refused: 25 });
    expect(await t.db.credentialFailure.count({ where: { subject: `user:${user.id}` } })).toBe(5);
    expect(await t.db.credentialFailure.count({ where: { subject: `ip:${ip}` } })).toBe(5);
    // Exactly one ban per subject, placed by the fifth failure (serialisable transactions).
    const locks = await t.db.credentialLock.findMany({
      where: { subject: { in: [`user:${user.id}`, `ip:${ip}`] } },
      select: { subject: true, failures: true },
    });
    expect(locks.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
      { subject: `ip:${ip}`, failures: 5 },
      { subject: `user:${user.id}`, failures: 5 },
    ]);
    // Four were told the password was wrong; the fifth and every refused attempt that the ban or the
    // full count stopped, that sign-ins are refused (a ban read after it was placed: never "11 minutes").
    const banned = /^Too many failed sign-ins\. Try again in (10 minutes|a moment)\.$/;
    expect(messages.filter((m) => m === WRONG_CREDENTIALS)).toHaveLength(4);
    expect(messages.filter((m) => banned.test(m))).toHaveLength(26);
    // Either instance now refuses the right password.
    expect(await signIn(user.username, TEST_PASSWORD, newIp())).toEqual({ ok: false, message: BAN_10 });
  }, 90_000);
});
