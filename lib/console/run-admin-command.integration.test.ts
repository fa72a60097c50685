/**
 * `npm run admin` on both dialects: every recovery command does what it says, is audited as done
 * from the console in the same transaction, and refuses bad input with a clear line and exit code;
 * the printed password link really sets the password. Also once through the built server process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst } from '../concurrency/burst';
import { inspectOneTimeToken } from '../links/one-time-token';
import { CREDENTIALS_SCOPE } from '../regulation/credentials';
import { liftAllBans } from '../regulation/lift-all-bans';
import { createTestUser } from '../../test/support/fixtures';
import { SERVER_BUNDLE, serverEnv } from '../../test/support/gatehouse-process';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { CONSOLE_ACTOR } from './console-actor';
import { runAdminCommand } from './run-admin-command';

const tokenOf = (line: string) => line.trim().split('/password/')[1]!;

describe.each(DIALECTS)('npm run admin on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t.drop();
    testEnv.restore();
  });
  const run = (...argv: string[]) => runAdminCommand(t.db, testEnv.env, argv);

  it('says how to use it, with exit code 2, for no, unknown or incomplete commands', async () => {
    for (const argv of [[], ['frobnicate'], ['password-link'], ['reset-factors', 'a', 'b'], ['create-admin', 'solo'], ['lift-bans', 'x']]) {
      const result = await run(...argv);
      expect(result.code).toBe(2);
      expect(result.lines.join('\n')).toContain('Usage: npm run admin -- <command>');
    }
  });

  it('create-admin: an active admin without a password, a working one-time link, audited as the console', async () => {
    const result = await run('create-admin', 'Rescue', 'rescue@example.test', 'Rescue', 'Admin');
    expect(result.code).toBe(0);
    const user = await t.db.user.findUniqueOrThrow({
      where: { username: 'rescue' },
      select: { id: true, status: true, passwordHash: true, displayName: true, groups: { select: { group: { select: { name: true } } } } },
    });
    expect(user).toMatchObject({ status: 'active', passwordHash: null, displayName: 'Rescue Admin' });
    expect(user.groups.map((g) => g.group.name)).toEqual(['admins']);
    const link = result.lines.find((line) => line.includes('/password/'))!;
    expect(link.trim().startsWith('http://localhost:9091/password/')).toBe(true);
    expect((await inspectOneTimeToken(t.db, tokenOf(link), 'password_set')).status).toBe('ok');
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'user.created', targetId: user.id } });
    expect(event).toMatchObject({ actorId: CONSOLE_ACTOR.id, actorName: 'server console', userAgent: 'npm run admin' });
    expect(event.data).not.toContain(tokenOf(link));
  });

  it('create-admin refuses a taken username or email and invalid input, creating nothing', async () => {
    const before = await t.db.user.count();
    expect(await run('create-admin', 'rescue', 'other@example.test')).toMatchObject({ code: 1 });
    expect(await run('create-admin', 'other', 'RESCUE@example.test')).toMatchObject({ code: 1 });
    const invalid = await run('create-admin', '-bad-', 'not-an-email');
    expect(invalid.code).toBe(1);
    expect(invalid.lines.join(' ')).toMatch(/username: .*email: /);
    expect(await t.db.user.count()).toBe(before);
  });

  it('list-admins names every admin and whether they can sign in', async () => {
    const result = await run('list-admins');
    expect(result.code).toBe(0);
    expect(result.lines.find((l) => l.startsWith('rescue '))).toMatch(/active {2}no password {2}0 second factor\(s\) {2}last sign-in never/);
  });

  it('password-link: a new link ends the older one; unknown and inactive users are refused', async () => {
    const user = await createTestUser(t.db, { groups: ['admins'] });
    const first = tokenOf((await run('password-link', user.username)).lines.at(-1)!);
    const second = tokenOf((await run('password-link', user.username.toUpperCase())).lines.at(-1)!);
    expect((await inspectOneTimeToken(t.db, first, 'password_set')).status).toBe('expired');
    expect((await inspectOneTimeToken(t.db, second, 'password_set')).status).toBe('ok');
    expect(await run('password-link', 'nobody-here')).toMatchObject({ code: 1 });
    const disabled = await createTestUser(t.db, { status: 'disabled' });
    expect((await run('password-link', disabled.username)).lines[0]).toContain('is disabled');
    expect(await t.db.auditEvent.count({ where: { type: 'user.password_link_sent', targetId: user.id, actorId: 'console' } })).toBe(2);
  });

  it('reset-factors removes second factors and recovery codes, drops two-factor sessions, audits', async () => {
    const user = await createTestUser(t.db, { groups: ['admins'] });
    await t.db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'phone', secret: 'sealed' } });
    await t.db.recoveryCode.create({ data: { userId: user.id, codeHash: `h-${user.id}` } });
    const result = await run('reset-factors', user.username);
    expect(result).toMatchObject({ code: 0 });
    expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { type: 'mfa.reset', targetId: user.id, actorId: 'console' } })).toBe(1);
    expect(await run('reset-factors', 'nobody-here')).toMatchObject({ code: 1 });
  });

  it('lift-bans lifts every ban in force once, even when run twice at the same time', async () => {
    const user = await createTestUser(t.db);
    const until = new Date(Date.now() + 60_000);
    await t.db.credentialLock.createMany({
      data: [
        { scope: CREDENTIALS_SCOPE, subject: `user:${user.id}`, until, failures: 5 },
        { scope: CREDENTIALS_SCOPE, subject: 'ip:192.0.2.7', until, failures: 20 },
        { scope: CREDENTIALS_SCOPE, subject: 'ip:192.0.2.8', until: new Date(Date.now() - 1000), failures: 20 },
      ],
    });
    const both = await burst(2, () => liftAllBans(t.db, { actor: CONSOLE_ACTOR, meta: { ip: null, userAgent: 'npm run admin' } }));
    expect(both.refused).toEqual([]);
    expect(both.passed.reduce((sum, r) => sum + r.lifted, 0)).toBe(2);
    expect(await t.db.credentialLock.count({ where: { liftedAt: null, until: { gt: new Date() } } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { type: 'regulation.lifted', actorId: 'console' } })).toBe(2);
    expect((await run('lift-bans')).lines).toEqual(['No ban is in force.']);
  });
});

describe('npm run admin through the built server', () => {
  it('prints the admins of a fresh data folder and exits 0; an unknown command exits 2', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-cli-'));
    const opts = { env: serverEnv(dataDir, 9), encoding: 'utf8' as const, timeout: 60_000 };
    const listed = spawnSync(process.execPath, [SERVER_BUNDLE, 'admin', 'list-admins'], opts);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('No admin exists');
    const unknown = spawnSync(process.execPath, [SERVER_BUNDLE, 'admin', 'nope'], opts);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "nope"');
    rmSync(dataDir, { recursive: true, force: true });
  });
});
