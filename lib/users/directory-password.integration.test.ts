/**
 * Directory accounts never get a set-password link, on both dialects: the admin's "send password
 * link", the console's `password-link` and a link that exists anyway (made before, or by hand)
 * are each refused with a message that says why, and nothing is issued, mailed or audited as sent;
 * nor is an emailed sign-in link (it would skip the directory's say until the next sync).
 * A local account beside them still gets its link (the refusal is about the account, not the feature).
 */
import { describe, expect, it } from 'vitest';
import { EMAIL_LINK_SENT, requestEmailLink } from '../auth/email-link/request-email-link';
import { runAdminCommand } from '../console/run-admin-command';
import { issueOneTimeToken } from '../links/one-time-token';
import { createTestUser } from '../../test/support/fixtures';
import { useAdminTestDatabase } from '../../test/support/admin-test-database';
import { DIALECTS } from '../../test/support/test-db';
import { passwordManagedByDirectory } from './directory-password';
import { sendPasswordLink } from './send-password-link';
import { setPasswordWithLink } from './set-password-with-link';

const meta = { ip: '203.0.113.9', userAgent: 'vitest' };

describe.each(DIALECTS)('password links and directory accounts on %s', (dialect) => {
  const t = useAdminTestDatabase(dialect);

  const directoryUser = async () => {
    const user = await createTestUser(t.db, { password: null });
    await t.db.user.update({ where: { id: user.id }, data: { authSource: 'directory', directoryDn: `uid=${user.username},ou=people,dc=example,dc=test` } });
    return user;
  };
  const linksOf = (userId: string) => t.db.oneTimeToken.count({ where: { userId, purpose: 'password_set' } });
  const linkEvents = (userId: string) => t.db.auditEvent.count({ where: { type: 'user.password_link_sent', targetId: userId } });
  const send = (userId: string) =>
    sendPasswordLink(t.db, {
      userId,
      actor: t.actor,
      meta,
      baseUrl: t.env.url,
      appName: 'Gatehouse',
      passwordLinkTtlMs: 3_600_000,
    });

  it("the admin's send password link is refused for a directory account, and still works for a local one", async () => {
    const user = await directoryUser();
    await expect(send(user.id)).rejects.toThrow(`${user.username} signs in with the directory: their password is managed there`);
    expect(await linksOf(user.id)).toBe(0);
    expect(await linkEvents(user.id)).toBe(0);

    const local = await createTestUser(t.db);
    expect((await send(local.id)).ok).toBe(true);
    expect(await linksOf(local.id)).toBe(1);
  });

  it('the console password-link is refused for a directory account with a clear line and exit code 1', async () => {
    const user = await directoryUser();
    const result = await runAdminCommand(t.db, t.env, ['password-link', user.username]);
    expect(result.code).toBe(1);
    expect(result.lines.join('\n')).toContain('password is managed there, so Gatehouse sends them no password link');
    expect(result.lines.join('\n')).not.toContain('/password/');
    expect(await linksOf(user.id)).toBe(0);
    expect(await linkEvents(user.id)).toBe(0);
  });

  it('a set-password link that exists for a directory account sets nothing and stays unused', async () => {
    const user = await directoryUser();
    const { token, id } = await issueOneTimeToken(t.db, { purpose: 'password_set', userId: user.id, ttlMs: 3_600_000 });
    await expect(setPasswordWithLink(t.db, { token, password: 'violet kettle orbit 1987 dune', meta, sessionMaxAgeMs: 3_600_000 })).rejects.toThrow(
      /managed by your directory/,
    );
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toBeNull();
    expect((await t.db.oneTimeToken.findUniqueOrThrow({ where: { id }, select: { usedAt: true } })).usedAt).toBeNull();
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('no emailed sign-in link for a directory account: the same answer as for any address, nothing issued, the reason audited', async () => {
    const user = await directoryUser();
    const answer = await requestEmailLink(t.db, { email: user.email, returnTo: null, meta, env: t.env });
    expect(answer.message).toBe(EMAIL_LINK_SENT);
    expect(await t.db.oneTimeToken.count({ where: { purpose: 'email_sign_in', email: user.email } })).toBe(0);
    const event = await t.db.auditEvent.findFirst({ where: { type: 'auth.email_link_sent' }, orderBy: { id: 'desc' }, select: { outcome: true, data: true } });
    expect(event?.outcome).toBe('failure');
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({ email: user.email, reason: 'directory_account' });
  });

  it('the Security page asks whose password it is', async () => {
    const user = await directoryUser();
    const local = await createTestUser(t.db);
    expect(await passwordManagedByDirectory(t.db, user.id)).toBe(true);
    expect(await passwordManagedByDirectory(t.db, local.id)).toBe(false);
    expect(await passwordManagedByDirectory(t.db, 'no-such-user')).toBe(false);
  });
});
