/**
 * The admin's user page on SQLite and PostgreSQL: the group filter, the page's data, editing
 * groups (with the stale-form refusal and the last-admin rule), ending sessions, revoking device
 * tokens, and deleting with a typed confirmation while the audit trail stays.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto';
import { createGroup } from '../groups/create-group';
import { createSession } from '../sessions/create-session';
import { validateSession } from '../sessions/validate-session';
import { createTestUser } from '../../test/support/fixtures';
import { useAdminTestDatabase } from '../../test/support/admin-test-database';
import { DIALECTS, createTestDatabase } from '../../test/support/test-db';
import { deleteUser } from './delete-user';
import { listUsers } from './list-users';
import { revokeAllAppTokensOf } from './revoke-user-app-tokens';
import { revokeAllSessionsOf } from './revoke-user-sessions';
import { setUserGroups } from './set-user-groups';
import { setUserStatus } from './set-user-status';
import { getUserDetail } from './get-user-detail';

const meta = { ip: '203.0.113.9', userAgent: 'vitest' };
const IDLE = 3_600_000;

describe.each(DIALECTS)('admin user management on %s', (dialect) => {
  const t = useAdminTestDatabase(dialect);
  const sessionFor = (userId: string) => createSession(t.db, { userId, level: 'one_factor', meta, maxAgeMs: IDLE });
  const tokenFor = async (userId: string, label: string) => {
    const token = randomBytes(20).toString('hex');
    await t.db.appToken.create({ data: { userId, label, tokenHash: sha256Hex(token), requestId: randomBytes(12).toString('hex') } });
    return token;
  };

  it('filters the list by group (and by status and search together), paginated', async () => {
    const tag = randomBytes(3).toString('hex');
    const inGroup = await createTestUser(t.db, { username: `gf-${tag}-a`, groups: [`team-${tag}`] });
    await createTestUser(t.db, { username: `gf-${tag}-b`, groups: [`other-${tag}`] });
    await createTestUser(t.db, { username: `gf-${tag}-c`, groups: [`team-${tag}`], status: 'disabled' });
    const byGroup = await listUsers(t.db, { group: `team-${tag}` });
    expect(byGroup.users.map((u) => u.username).sort()).toEqual([`gf-${tag}-a`, `gf-${tag}-c`]);
    const both = await listUsers(t.db, { group: `team-${tag}`, status: 'active', query: tag });
    expect(both.users.map((u) => u.id)).toEqual([inGroup.id]);
    expect(await listUsers(t.db, { group: `missing-${tag}` })).toEqual({ total: 0, page: 1, pages: 1, users: [] });
  });

  it('treats SQL-like and script search strings as plain text: no match, no error', async () => {
    for (const query of ["' OR 1=1 --", '"; DROP TABLE "User"; --', '<script>alert(1)</script>', '%', '_', '\\']) {
      const result = await listUsers(t.db, { query });
      expect(result.total, query).toBe(0);
    }
    // The table is still there.
    const everyone = (await listUsers(t.db, {})).total;
    expect(everyone).toBeGreaterThan(0);
    // A NUL would end SQLite's pattern early (matching everyone) and is refused by PostgreSQL:
    // control characters are dropped, so it is no search at all, on both.
    expect((await listUsers(t.db, { query: '\u0000' })).total).toBe(everyone);
    expect((await listUsers(t.db, { query: `'\u0000 OR 1=1` })).total).toBe(0);
    // LIKE wildcards are matched literally, not as wildcards.
    const tag = randomBytes(3).toString('hex');
    const odd = await createTestUser(t.db, { username: `odd_${tag}`, displayName: `Fifty 50% ${tag}` });
    expect((await listUsers(t.db, { query: `50% ${tag}` })).users.map((u) => u.id)).toEqual([odd.id]);
    expect((await listUsers(t.db, { query: `d_${tag}` })).users.map((u) => u.id)).toEqual([odd.id]);
    expect((await listUsers(t.db, { query: `o_d_${tag}` })).total).toBe(0);
    expect((await listUsers(t.db, { query: '%', status: 'active' })).users.map((u) => u.id)).toEqual([odd.id]);
  });

  it("shows a user's page: status with who changed it, groups, factors, tokens, sessions and events; another entity's id is not found", async () => {
    const user = await createTestUser(t.db, { groups: ['family'] });
    await sessionFor(user.id);
    await tokenFor(user.id, 'Phone');
    await setUserStatus(t.db, { userId: user.id, status: 'disabled', actor: t.actor, meta, env: t.env });
    await setUserStatus(t.db, { userId: user.id, status: 'active', actor: t.actor, meta, env: t.env });
    await sessionFor(user.id);
    const detail = (await getUserDetail(t.db, { userId: user.id, idleTimeoutMs: IDLE }))!;
    expect(detail).toMatchObject({ username: user.username, status: 'active', statusChangedBy: t.admin.username, groups: ['family'], hasPassword: true });
    expect(detail.sessions).toHaveLength(1);
    expect(detail.deviceTokens.map((d) => [d.label, d.state])).toEqual([['Phone', 'revoked']]);
    expect(detail.events.map((e) => e.type)).toEqual(['user.enabled', 'user.disabled']);
    expect(JSON.stringify(detail)).not.toMatch(/argon2|passwordHash|tokenHash/);

    const group = await t.db.group.findUniqueOrThrow({ where: { name: 'family' }, select: { id: true } });
    expect(await getUserDetail(t.db, { userId: group.id, idleTimeoutMs: IDLE })).toBeNull();
    await expect(setUserGroups(t.db, { sudo: true, userId: group.id, groups: [], expectedGroups: [], actor: t.actor, meta })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(deleteUser(t.db, { userId: group.id, confirmUsername: 'family', actor: t.actor, meta, env: t.env })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(revokeAllSessionsOf(t.db, { userId: group.id, actor: t.actor, meta })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(revokeAllAppTokensOf(t.db, { userId: group.id, actor: t.actor, meta })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps at most the newest 20 events, as actor or as target', async () => {
    const user = await createTestUser(t.db);
    for (let i = 0; i < 15; i++)
      await t.db.auditEvent.create({ data: { type: 'auth.sign_in', outcome: 'success', actorId: user.id, actorName: user.username } });
    for (let i = 0; i < 15; i++)
      await t.db.auditEvent.create({ data: { type: 'session.revoked', outcome: 'success', targetId: user.id, targetName: user.username } });
    const events = (await getUserDetail(t.db, { userId: user.id, idleTimeoutMs: IDLE }))!.events;
    expect(events).toHaveLength(20);
    expect(events.map((e) => e.type).slice(0, 15)).toEqual(Array(15).fill('session.revoked'));
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
  });

  it('replaces groups (creating missing ones), audited with the change; a stale form is refused', async () => {
    const user = await createTestUser(t.db, { groups: ['family', 'kids'] });
    const done = await setUserGroups(t.db, {
      sudo: true,
      userId: user.id,
      groups: ['family', 'photos'],
      expectedGroups: ['kids', 'family'],
      actor: t.actor,
      meta,
    });
    expect(done).toMatchObject({ groups: ['family', 'photos'], added: ['photos'], removed: ['kids'] });
    expect((await getUserDetail(t.db, { userId: user.id, idleTimeoutMs: IDLE }))!.groups).toEqual(['family', 'photos']);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'user.groups_changed', targetId: user.id }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.data!)).toMatchObject({ added: 'photos', removed: 'kids' });
    expect(event.actorName).toBe(t.admin.username);

    // Two admins opened the same form; the first saved; the second's form is stale.
    await expect(
      setUserGroups(t.db, { sudo: true, userId: user.id, groups: ['family'], expectedGroups: ['family', 'kids'], actor: t.actor, meta }),
    ).rejects.toThrow(/Another admin changed the groups of .* meanwhile: they are now family, photos\. Nothing was changed/);
    expect((await getUserDetail(t.db, { userId: user.id, idleTimeoutMs: IDLE }))!.groups).toEqual(['family', 'photos']);
    const unchanged = await setUserGroups(t.db, {
      sudo: true,
      userId: user.id,
      groups: ['photos', 'family'],
      expectedGroups: ['family', 'photos'],
      actor: t.actor,
      meta,
    });
    expect(unchanged.added.concat(unchanged.removed)).toEqual([]);
  });

  it('refuses to take the last active admin out of admins, and allows it when another admin is active', async () => {
    const db = await createTestDatabase(dialect);
    try {
      const only = await createTestUser(db.db, { groups: ['admins'] });
      const who = { id: only.id, name: only.username };
      await expect(setUserGroups(db.db, { sudo: true, userId: only.id, groups: [], expectedGroups: ['admins'], actor: who, meta })).rejects.toThrow(
        /last active admin/,
      );
      await expect(
        deleteUser(db.db, { userId: only.id, confirmUsername: only.username, actor: { id: 'someone-else', name: 'x' }, meta, env: t.env }),
      ).rejects.toThrow(/last active admin/);
      // A disabled admin does not count.
      await createTestUser(db.db, { groups: ['admins'], status: 'disabled' });
      await expect(setUserGroups(db.db, { sudo: true, userId: only.id, groups: ['family'], expectedGroups: ['admins'], actor: who, meta })).rejects.toThrow(
        /last active admin/,
      );
      const second = await createTestUser(db.db, { groups: ['admins'] });
      await setUserGroups(db.db, {
        sudo: true,
        userId: only.id,
        groups: ['family'],
        expectedGroups: ['admins'],
        actor: { id: second.id, name: second.username },
        meta,
      });
      expect((await getUserDetail(db.db, { userId: only.id, idleTimeoutMs: IDLE }))!.groups).toEqual(['family']);
    } finally {
      await db.drop();
    }
  });

  it('ends all sessions and revokes all device tokens, each audited', async () => {
    const user = await createTestUser(t.db);
    const a = await sessionFor(user.id);
    await sessionFor(user.id);
    await tokenFor(user.id, 'Tablet');
    await tokenFor(user.id, 'Phone');
    expect(await revokeAllSessionsOf(t.db, { userId: user.id, actor: t.actor, meta })).toEqual({ username: user.username, ended: 2 });
    expect((await validateSession(a.token, { db: t.db, idleTimeoutMs: IDLE })).status).not.toBe('ok');
    expect(await revokeAllAppTokensOf(t.db, { userId: user.id, actor: t.actor, meta })).toEqual({ username: user.username, revoked: 2 });
    expect(await t.db.appToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await revokeAllAppTokensOf(t.db, { userId: user.id, actor: t.actor, meta })).toEqual({ username: user.username, revoked: 0 });
    const types = (await t.db.auditEvent.findMany({ where: { targetId: user.id }, select: { type: true, data: true } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['session.revoked', 'device_token.revoked']));
  });

  it('deletes a user only with the typed username, never oneself; sessions end, the audit trail stays', async () => {
    const user = await createTestUser(t.db, { groups: ['family'] });
    const session = await sessionFor(user.id);
    await tokenFor(user.id, 'Phone');
    await setUserGroups(t.db, { sudo: true, userId: user.id, groups: ['family', 'kids'], expectedGroups: ['family'], actor: t.actor, meta });
    await t.db.auditEvent.create({ data: { type: 'auth.sign_in', outcome: 'success', actorId: user.id, actorName: user.username } });

    await expect(deleteUser(t.db, { userId: user.id, confirmUsername: 'someone', actor: t.actor, meta, env: t.env })).rejects.toMatchObject({
      code: 'INVALID',
      field: 'confirmUsername',
    });
    await expect(deleteUser(t.db, { userId: user.id, confirmUsername: '', actor: t.actor, meta, env: t.env })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(deleteUser(t.db, { userId: t.admin.id, confirmUsername: t.admin.username, actor: t.actor, meta, env: t.env })).rejects.toThrow(
      /your own account/,
    );
    expect(await t.db.user.count({ where: { id: user.id } })).toBe(1);

    const done = await deleteUser(t.db, { userId: user.id, confirmUsername: ` ${user.username.toUpperCase()} `, actor: t.actor, meta, env: t.env });
    expect(done).toMatchObject({ username: user.username, sessionsEnded: 1, tokensRevoked: 1, paperless: { ok: true } });
    expect(await t.db.user.count({ where: { id: user.id } })).toBe(0);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.userGroup.count({ where: { userId: user.id } })).toBe(0);
    expect((await validateSession(session.token, { db: t.db, idleTimeoutMs: IDLE })).status).not.toBe('ok');

    const trail = await t.db.auditEvent.findMany({ where: { OR: [{ targetId: user.id }, { actorId: user.id }] }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => e.type)).toEqual(['user.groups_changed', 'auth.sign_in', 'user.deleted']);
    const deleted = trail.at(-1)!;
    expect(deleted).toMatchObject({ targetName: user.username, actorName: t.admin.username, ip: meta.ip });
    expect(JSON.parse(deleted.data!)).toMatchObject({ email: user.email, groups: 'family,kids', sessionsEnded: 1, devicesRevoked: 1 });
    await expect(deleteUser(t.db, { userId: user.id, confirmUsername: user.username, actor: t.actor, meta, env: t.env })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a group name cannot smuggle script or SQL into the database', async () => {
    await expect(createGroup(t.db, { name: '<script>alert(1)</script>', actor: t.actor, meta })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(createGroup(t.db, { name: "x' OR 1=1 --", actor: t.actor, meta })).rejects.toMatchObject({ code: 'INVALID' });
    expect(await t.db.group.count({ where: { name: { contains: '<' } } })).toBe(0);
  });
});
