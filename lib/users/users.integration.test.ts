/**
 * An admin creates a user; the "choose a password" mail goes through a real SMTP server process
 * (the catcher started by npm test), or into the outbox when no SMTP is configured; the link
 * sets the password once. Delivery failures are reported and leave the account in place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, waitForMail } from '../../e2e/support/mailbox';
import { signInWithPassword } from '../auth/password/sign-in-with-password';
import { listOutbox, readOutboxMessage } from '../mail/outbox';
import { validateSession } from '../sessions/validate-session';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { createUser } from './create-user';
import { sendPasswordLink } from './send-password-link';
import { setPasswordWithLink } from './set-password-with-link';

const meta = { ip: '203.0.113.5', userAgent: 'vitest' };
const NEW_PASSWORD = 'violet kettle orbit 1987 dune';
const SMTP_PORT = process.env.GATEHOUSE_TEST_SMTP_PORT;

function tokenOf(link: string): string {
  return new URL(link).pathname.split('/password/')[1]!;
}

describe.each(DIALECTS)('admin-created users on %s', (dialect) => {
  let t: TestDatabase;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let testEnv: TestEnv | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    admin = await createTestUser(t.db, { groups: ['admins'] });
  });
  afterAll(async () => t?.drop());
  afterEach(() => {
    testEnv?.restore();
    testEnv = undefined;
  });

  const actor = () => ({ id: admin.id, name: admin.username });
  const create = (username: string, groups: string[] = []) =>
    createUser(t.db, {
      sudo: true,
      username,
      email: `${username}@example.test`,
      displayName: `Person ${username}`,
      groups,
      actor: actor(),
      meta,
      baseUrl: testEnv!.env.url,
      appName: 'Gatehouse',
      passwordLinkTtlMs: 3_600_000,
    });

  it('mails a one-time link over SMTP; the link sets the password and signs in', async () => {
    if (!SMTP_PORT) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the suite with npm test (it starts the SMTP catcher)');
    testEnv = useTestEnv({ GATEHOUSE_SMTP_HOST: '127.0.0.1', GATEHOUSE_SMTP_PORT: SMTP_PORT, GATEHOUSE_MAIL_FROM: 'Gatehouse <sso@example.test>' });
    const username = `anna-${dialect}-${Date.now()}`;
    const { userId, delivery } = await create(username, ['family', 'paperless']);
    expect(delivery).toEqual({ ok: true, via: 'smtp' });
    const mail = await waitForMail(`${username}@example.test`, { subject: /choose a password/ });
    expect(mail.from).toContain('sso@example.test');
    expect(mail.html).toContain('Choose a password');
    const link = linkIn(mail, '/password/');
    expect(link.startsWith(testEnv.env.url)).toBe(true);

    const session = await setPasswordWithLink(t.db, { token: tokenOf(link), password: NEW_PASSWORD, meta, sessionMaxAgeMs: 3_600_000 });
    const check = await validateSession(session.token, { db: t.db, idleTimeoutMs: 3_600_000 });
    expect(check.status === 'ok' && check.user.groups).toEqual(['family', 'paperless']);
    expect((await signInWithPassword(t.db, { login: username, password: NEW_PASSWORD, meta, sessionMaxAgeMs: 3_600_000 })).ok).toBe(true);
    // Single use.
    await expect(setPasswordWithLink(t.db, { token: tokenOf(link), password: 'another fine password 77', meta, sessionMaxAgeMs: 3_600_000 })).rejects.toThrow(
      /already been used/,
    );
    const types = (await t.db.auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'asc' }, select: { type: true } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.created', 'user.password_link_sent', 'user.password_set', 'auth.sign_in']));
  });

  it('keeps mail in the outbox as 0600 .eml files when no SMTP server is configured', async () => {
    testEnv = useTestEnv({});
    const username = `bob-${dialect}-${Date.now()}`;
    const { delivery } = await create(username);
    expect(delivery).toEqual({ ok: true, via: 'outbox' });
    const files = readdirSync(testEnv.env.outboxDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(testEnv.env.outboxDir, files[0]!)).mode & 0o777).toBe(0o600);
    const listed = await listOutbox(testEnv.env.outboxDir);
    expect(listed.total).toBe(1);
    expect(listed.entries[0]!.to).toContain(`${username}@example.test`);
    const message = await readOutboxMessage(testEnv.env.outboxDir, files[0]!);
    expect(message!.text).toMatch(/\/password\/[A-Za-z0-9_-]{43}/);
    expect(readFileSync(join(testEnv.env.outboxDir, files[0]!), 'utf8')).toMatch(/Content-Type: text\/html/);
    // Path tricks never escape the outbox folder.
    expect(await readOutboxMessage(testEnv.env.outboxDir, '../secrets.json')).toBeNull();
    expect(await readOutboxMessage(testEnv.env.outboxDir, files[0]!.replace('.eml', '.txt'))).toBeNull();
  });

  it('reports a failed delivery but keeps the account; a new link can be sent later', async () => {
    testEnv = useTestEnv({ GATEHOUSE_SMTP_HOST: '127.0.0.1', GATEHOUSE_SMTP_PORT: '9' });
    const username = `carl-${dialect}-${Date.now()}`;
    const { userId, delivery } = await create(username);
    expect(delivery.ok).toBe(false);
    expect(await t.db.user.count({ where: { id: userId } })).toBe(1);
    const failed = await t.db.auditEvent.findFirst({ where: { type: 'user.password_link_sent', targetId: userId } });
    expect(failed?.outcome).toBe('failure');
    testEnv.restore();
    testEnv = useTestEnv({});
    const again = await sendPasswordLink(t.db, { userId, actor: actor(), meta, baseUrl: testEnv.env.url, appName: 'Gatehouse', passwordLinkTtlMs: 3_600_000 });
    expect(again).toEqual({ ok: true, via: 'outbox' });
  });

  it('retires older links when a new one is sent', async () => {
    testEnv = useTestEnv({});
    const username = `dora-${dialect}-${Date.now()}`;
    const { userId } = await create(username);
    const firstFile = readdirSync(testEnv.env.outboxDir)[0]!;
    const firstLink = (await readOutboxMessage(testEnv.env.outboxDir, firstFile))!.text.match(/https?:\/\/\S+\/password\/\S+/)![0];
    await sendPasswordLink(t.db, { userId, actor: actor(), meta, baseUrl: testEnv.env.url, appName: 'Gatehouse', passwordLinkTtlMs: 3_600_000 });
    await expect(setPasswordWithLink(t.db, { token: tokenOf(firstLink), password: NEW_PASSWORD, meta, sessionMaxAgeMs: 3_600_000 })).rejects.toThrow(/expired/);
  });

  it('refuses a duplicate username or email with a field error', async () => {
    testEnv = useTestEnv({});
    const username = `eve-${dialect}-${Date.now()}`;
    await create(username);
    await expect(create(username)).rejects.toMatchObject({ field: 'username' });
    await expect(
      createUser(t.db, {
        sudo: true,
        username: `${username}-2`,
        email: `${username}@example.test`,
        displayName: 'x',
        groups: [],
        actor: actor(),
        meta,
        baseUrl: 'http://x',
        appName: 'G',
        passwordLinkTtlMs: 1000,
      }),
    ).rejects.toMatchObject({ field: 'email' });
  });

  it('ends the other sessions of a user who sets a new password through a link', async () => {
    testEnv = useTestEnv({});
    const user = await createTestUser(t.db);
    const before = await signInWithPassword(t.db, { login: user.username, password: user.password!, meta, sessionMaxAgeMs: 3_600_000 });
    await sendPasswordLink(t.db, { userId: user.id, actor: actor(), meta, baseUrl: testEnv.env.url, appName: 'G', passwordLinkTtlMs: 3_600_000 });
    const file = readdirSync(testEnv.env.outboxDir)[0]!;
    const link = (await readOutboxMessage(testEnv.env.outboxDir, file))!.text.match(/https?:\/\/\S+\/password\/\S+/)![0];
    await setPasswordWithLink(t.db, { token: tokenOf(link), password: NEW_PASSWORD, meta, sessionMaxAgeMs: 3_600_000 });
    expect(before.ok && (await validateSession(before.token, { db: t.db, idleTimeoutMs: 3_600_000 })).status).toBe('invalid');
  });
});
