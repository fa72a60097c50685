/**
 * Groups on SQLite and PostgreSQL: create, rename (rules and pending invitations follow in the
 * same transaction), delete (blocked while a rule names the group; the confirmed member count
 * must still hold), remove a member; `admins` is protected; another entity's id is not found.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_RULE } from '../policy/empty-rule';
import { createRule } from '../rules/create-rule';
import { listRules } from '../rules/list-rules';
import { readRulesVersion } from '../rules/rules-version';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createGroup } from './create-group';
import { deleteGroup } from './delete-group';
import { getGroup } from './get-group';
import { listGroups } from './list-groups';
import { removeGroupMember } from './remove-group-member';
import { renameGroup } from './rename-group';

const meta = { ip: '198.51.100.7', userAgent: 'vitest' };

describe.each(DIALECTS)('groups on %s', (dialect) => {
  let t: TestDatabase;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    admin = await createTestUser(t.db, { groups: ['admins'] });
  });
  afterAll(async () => t?.drop());
  const who = () => ({ actor: { id: admin.id, name: admin.username }, meta });
  const name = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
  const groupId = async (n: string) => (await t.db.group.findUniqueOrThrow({ where: { name: n }, select: { id: true } })).id;

  it('creates a group once, audited; names are validated', async () => {
    const n = name('photos');
    const created = await createGroup(t.db, { name: ` ${n.toUpperCase()} `, description: 'Photo library', ...who() });
    expect(created.name).toBe(n);
    await expect(createGroup(t.db, { name: n, ...who() })).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' });
    await expect(createGroup(t.db, { name: '<script>alert(1)</script>', ...who() })).rejects.toMatchObject({ code: 'INVALID', field: 'name' });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'group.created', targetId: created.id } });
    expect(event).toMatchObject({ actorName: admin.username, targetName: n, targetType: 'group' });
  });

  it('lists member counts and the rules that name each group', async () => {
    const n = name('wiki');
    await createTestUser(t.db, { groups: [n] });
    await createTestUser(t.db, { groups: [n] });
    await createRule(t.db, {
      rule: { ...EMPTY_RULE, description: 'wiki editors', domains: ['wiki.example.com'], subjects: [[`group:${n}`]], policy: 'one_factor' },
      ...who(),
    });
    const row = (await listGroups(t.db)).find((g) => g.name === n)!;
    expect(row.members).toBe(2);
    expect(row.rules.map((r) => r.description)).toEqual(['wiki editors']);
    const detail = (await getGroup(t.db, row.id))!;
    expect(detail.memberList).toHaveLength(2);
    expect(detail.rules).toEqual(row.rules);
  });

  it('renames a group and, in the same transaction, the rules and pending invitations that name it', async () => {
    const from = name('family');
    const to = name('relatives');
    const member = await createTestUser(t.db, { groups: [from] });
    const ruleId = await createRule(t.db, {
      rule: { ...EMPTY_RULE, domains: ['photos.example.com'], subjects: [[`group:${from}`, 'user:anna'], ['group:kids']], policy: 'one_factor' },
      ...who(),
    });
    const invitation = await t.db.invitation.create({
      data: { email: `${from}@example.test`, groups: JSON.stringify([from, 'kids']), expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const used = await t.db.invitation.create({
      data: { email: `u-${from}@example.test`, groups: JSON.stringify([from]), expiresAt: new Date(Date.now() + 86_400_000), usedAt: new Date() },
    });
    const version = await readRulesVersion(t.db);
    const id = await groupId(from);

    const done = await renameGroup(t.db, { groupId: id, expectedName: from, newName: to, ...who() });
    expect(done).toEqual({ from, to, rulesUpdated: 1, invitationsUpdated: 1 });
    expect((await listRules(t.db)).find((r) => r.id === ruleId)!.subjects).toEqual([[`group:${to}`, 'user:anna'], ['group:kids']]);
    expect(await readRulesVersion(t.db)).not.toBe(version);
    expect(JSON.parse((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).groups)).toEqual([to, 'kids']);
    expect(JSON.parse((await t.db.invitation.findUniqueOrThrow({ where: { id: used.id } })).groups)).toEqual([from]);
    expect(await t.db.userGroup.count({ where: { userId: member.id, groupId: id } })).toBe(1);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'group.renamed', targetId: id } });
    expect(JSON.parse(event.data!)).toMatchObject({ from, to, rulesUpdated: 1 });

    // A second admin's form still shows the old name: refused, not applied.
    await expect(renameGroup(t.db, { groupId: id, expectedName: from, newName: name('other'), ...who() })).rejects.toThrow(
      new RegExp(`renamed this group to ${to} meanwhile`),
    );
  });

  it('refuses renaming onto an existing name, onto admins, or renaming admins; unknown ids are not found', async () => {
    const a = name('a');
    const b = name('b');
    await createGroup(t.db, { name: a, ...who() });
    await createGroup(t.db, { name: b, ...who() });
    await expect(renameGroup(t.db, { groupId: await groupId(a), expectedName: a, newName: b, ...who() })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });
    await expect(renameGroup(t.db, { groupId: await groupId(a), expectedName: a, newName: 'admins', ...who() })).rejects.toThrow(/gives admin rights/);
    await expect(renameGroup(t.db, { groupId: await groupId(a), expectedName: a, newName: '<b>x</b>', ...who() })).rejects.toMatchObject({ code: 'INVALID' });
    const admins = await groupId('admins');
    await expect(renameGroup(t.db, { groupId: admins, expectedName: 'admins', newName: name('boss'), ...who() })).rejects.toThrow(/cannot be renamed/);
    await expect(deleteGroup(t.db, { groupId: admins, expectedMembers: 1, ...who() })).rejects.toThrow(/cannot be deleted/);
    // A user's id is not a group's.
    await expect(renameGroup(t.db, { groupId: admin.id, expectedName: admin.username, newName: name('x'), ...who() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(deleteGroup(t.db, { groupId: admin.id, expectedMembers: 0, ...who() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getGroup(t.db, admin.id)).toBeNull();
  });

  it('blocks deleting a group a rule names, listing the rules; deletes once the rule is gone', async () => {
    const n = name('staff');
    const member = await createTestUser(t.db, { groups: [n] });
    await createRule(t.db, {
      rule: { ...EMPTY_RULE, description: 'staff only', domains: ['intra.example.com'], subjects: [[`group:${n}`]], policy: 'two_factor' },
      ...who(),
    });
    const id = await groupId(n);
    await expect(deleteGroup(t.db, { groupId: id, expectedMembers: 1, ...who() })).rejects.toThrow(
      /is used by access rule #\d+ \(staff only\)\. Change or delete that rule first/,
    );
    const rule = (await listRules(t.db)).find((r) => r.description === 'staff only')!;
    await t.db.accessRule.delete({ where: { id: rule.id } });
    // The confirmation named 0 members but there is 1: refused.
    await expect(deleteGroup(t.db, { groupId: id, expectedMembers: 0, ...who() })).rejects.toThrow(/now has 1 member, not 0/);
    expect(await deleteGroup(t.db, { groupId: id, expectedMembers: 1, ...who() })).toEqual({ name: n, members: 1 });
    expect(await t.db.group.count({ where: { id } })).toBe(0);
    expect(await t.db.user.count({ where: { id: member.id } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: 'group.deleted', targetId: id, targetName: n } })).toBe(1);
  });

  it('removes a member, but never the last active admin from admins', async () => {
    const n = name('club');
    const member = await createTestUser(t.db, { groups: [n] });
    const id = await groupId(n);
    expect(await removeGroupMember(t.db, { sudo: true, groupId: id, userId: member.id, ...who() })).toEqual({ group: n, username: member.username });
    await expect(removeGroupMember(t.db, { sudo: true, groupId: id, userId: member.id, ...who() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.auditEvent.count({ where: { type: 'user.groups_changed', targetId: member.id } })).toBe(1);

    const db = await createTestDatabase(dialect);
    try {
      const only = await createTestUser(db.db, { groups: ['admins'] });
      const admins = (await db.db.group.findUniqueOrThrow({ where: { name: 'admins' } })).id;
      await expect(
        removeGroupMember(db.db, { sudo: true, groupId: admins, userId: only.id, actor: { id: only.id, name: only.username }, meta }),
      ).rejects.toThrow(/last active admin/);
      const second = await createTestUser(db.db, { groups: ['admins'] });
      await removeGroupMember(db.db, { sudo: true, groupId: admins, userId: only.id, actor: { id: second.id, name: second.username }, meta });
      await expect(
        removeGroupMember(db.db, { sudo: true, groupId: admins, userId: second.id, actor: { id: second.id, name: second.username }, meta }),
      ).rejects.toThrow(/last active admin/);
    } finally {
      await db.drop();
    }
  });
});
