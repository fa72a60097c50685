/**
 * Applications on both dialects: each write keeps the application's generated access rules in
 * step in one transaction (with its audit event and a new rules version), the evaluation order
 * (hand-written, then applications, then the default), the rules editor refusing generated rules,
 * the import replacing only hand-written ones, and races on a host or short name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst, refusal, warmPool } from '../concurrency/burst';
import { renameGroup } from '../groups/rename-group';
import { EMPTY_RULE } from '../policy/empty-rule';
import { createRule } from '../rules/create-rule';
import { deleteRule } from '../rules/delete-rule';
import { exportRules } from '../rules/export-rules';
import { importRules } from '../rules/import-rules';
import { listRules } from '../rules/list-rules';
import { moveRule } from '../rules/move-rule';
import { readRulesVersion } from '../rules/rules-version';
import { updateRule } from '../rules/update-rule';
import { applicationInput } from '../../test/support/application-input';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createApplication } from './create-application';
import { deleteApplication } from './delete-application';
import { getApplication } from './get-application';
import { listApplications } from './list-applications';
import { moveApplication } from './move-application';
import { readApplicationIcon } from './read-application-icon';
import { setApplicationIcon } from './set-application-icon';
import { updateApplication } from './update-application';
import { validateApplicationForm } from './validate-application-form';

const actor = { id: 'admin-1', name: 'admin' };
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const who = { actor, meta };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const input = applicationInput;

describe.each(DIALECTS)('applications on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await createTestUser(t.db, { username: 'anna', groups: ['family'] });
  });
  afterAll(async () => t?.drop());

  const order = async () => (await listRules(t.db)).map((r) => `${r.position}:${r.application?.name ?? 'hand'}:${r.policy}:${r.description}`);
  const audit = async (type: string) => t.db.auditEvent.count({ where: { type } });

  it('writes, rewrites and deletes its rules in step, after the hand-written ones, auditing and versioning each change', async () => {
    await createRule(t.db, {
      rule: { ...EMPTY_RULE, description: 'hand', domains: ['whoami.localhost'], paths: [{ kind: 'prefix', value: '/admin/' }] },
      ...who,
    });
    const v0 = await readRulesVersion(t.db);
    const { id, slug } = await createApplication(
      t.db,
      actor,
      input({ name: 'Who Am I', subjects: ['group:family'], publicPaths: ['/static/'], level: 'two_factor' }),
      { meta },
    );
    expect(slug).toBe('who-am-i');
    expect(await readRulesVersion(t.db)).not.toBe(v0);
    expect(await order()).toEqual([
      '1:hand:deny:hand',
      '2:Who Am I:bypass:Who Am I: public paths',
      '3:Who Am I:two_factor:Who Am I: its users and groups',
      '4:Who Am I:deny:Who Am I: everyone else is refused',
    ]);
    // A hand-written rule added later still comes before every generated one.
    const late = await createRule(t.db, { rule: { ...EMPTY_RULE, description: 'late', policy: 'bypass', domains: ['late.example.com'] }, ...who });
    expect((await order())[1]).toBe('2:hand:bypass:late');

    await updateApplication(t.db, actor, { id, ...input({ name: 'Who Am I', subjects: [], level: 'one_factor' }) }, { meta });
    expect((await order()).slice(2)).toEqual(['3:Who Am I:one_factor:Who Am I: every signed-in user']);
    expect((await getApplication(t.db, id))?.application.slug).toBe('who-am-i');

    await deleteRule(t.db, { id: late, ...who });
    await deleteApplication(t.db, actor, { id }, meta);
    expect(await order()).toEqual(['1:hand:deny:hand']);
    expect(await t.db.accessRule.count({ where: { applicationId: { not: null } } })).toBe(0);
    expect([await audit('application.created'), await audit('application.updated'), await audit('application.deleted')]).toEqual([1, 1, 1]);
    await t.db.accessRule.deleteMany({});
  });

  it('rolls back the application, its rules and its event together when part of the save fails', async () => {
    const { id } = await createApplication(t.db, actor, input({ name: 'Atomic', urls: ['https://atomic.example.com'] }));
    const before = await order();
    const events = await t.db.auditEvent.count();
    // A subject that does not exist is found inside the transaction, after nothing else was written.
    await expect(
      updateApplication(t.db, actor, { id, ...input({ name: 'Atomic', urls: ['https://atomic.example.com'], subjects: ['user:ghost'] }) }),
    ).rejects.toThrow(/user:ghost does not exist/);
    expect(await order()).toEqual(before);
    expect(await t.db.auditEvent.count()).toBe(events);
    await deleteApplication(t.db, actor, { id });
  });

  it('refuses to let the rules editor change a generated rule, and the import replaces only hand-written rules', async () => {
    const { id } = await createApplication(t.db, actor, input({ name: 'Managed', urls: ['https://managed.example.com'] }));
    const generated = (await listRules(t.db)).find((r) => r.application?.id === id)!;
    const managed = /managed by the application "Managed": edit it there/;
    await expect(updateRule(t.db, { id: generated.id, rule: { ...EMPTY_RULE, policy: 'bypass' }, ...who })).rejects.toThrow(managed);
    await expect(deleteRule(t.db, { id: generated.id, ...who })).rejects.toThrow(managed);
    await expect(moveRule(t.db, { id: generated.id, to: 1, ...who })).rejects.toThrow(managed);
    await createRule(t.db, { rule: { ...EMPTY_RULE, description: 'old', domains: ['old.example.com'] }, ...who });
    await importRules(t.db, { rules: [{ ...EMPTY_RULE, description: 'new', domains: ['new.example.com'] }], mode: 'replace', defaultPolicy: null, ...who });
    expect(await order()).toEqual(['1:hand:deny:new', '2:Managed:one_factor:Managed: every signed-in user']);
    // The export carries the hand-written rules only: re-importing it cannot copy an application's rules.
    const exported = await exportRules(t.db);
    expect(exported).toMatchObject({ handWritten: 1, fromApplications: 1 });
    expect(exported.yaml).toContain('new.example.com');
    expect(exported.yaml).not.toContain('managed.example.com');
    await deleteApplication(t.db, actor, { id });
    await t.db.accessRule.deleteMany({});
  });

  it('orders applications (and so their rules) up and down', async () => {
    const a = await createApplication(t.db, actor, input({ name: 'A', urls: ['https://a.example.com'] }));
    const b = await createApplication(t.db, actor, input({ name: 'B', urls: ['https://b.example.com'] }));
    await moveApplication(t.db, actor, { id: b.id, direction: 'up' });
    expect((await listApplications(t.db)).applications.map((x) => x.name)).toEqual(['B', 'A']);
    expect((await order()).map((line) => line.split(':')[1])).toEqual(['B', 'A']);
    await moveApplication(t.db, actor, { id: b.id, direction: 'up' });
    expect((await listApplications(t.db)).applications.map((x) => x.position)).toEqual([1, 2]);
    await deleteApplication(t.db, actor, { id: a.id });
    await deleteApplication(t.db, actor, { id: b.id });
  });

  it('reports taken hosts, short names, a second Paperless and unknown subjects as field errors', async () => {
    const { id } = await createApplication(t.db, actor, input({ name: 'Docs', slug: 'docs', kind: 'paperless', urls: ['https://docs.example.com'] }));
    const result = await validateApplicationForm(
      t.db,
      input({
        name: 'Other',
        slug: 'docs',
        kind: 'paperless',
        urls: ['https://DOCS.example.com:8443'],
        subjects: ['group:family', 'group:nobody', 'user:anna'],
      }),
      null,
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        slug: 'The application "Docs" already has the short name docs. Choose another.',
        urls: 'docs.example.com belongs to the application "Docs" already: a host can belong to one application only.',
        kind: '"Docs" is already the Paperless application: there can be only one.',
        subjects: 'group:nobody does not exist (any more). Remove it.',
      },
    });
    expect((await validateApplicationForm(t.db, input({ name: 'Docs', slug: 'docs', kind: 'paperless', urls: ['https://docs.example.com'] }), id)).ok).toBe(
      true,
    );
    const second = await createApplication(t.db, actor, input({ name: 'Docs', urls: ['https://docs2.example.com'] }));
    expect(second.slug).toBe('docs-2');
    await deleteApplication(t.db, actor, { id });
    await deleteApplication(t.db, actor, { id: second.id });
  });

  it('keeps the application subjects in step when a group is renamed', async () => {
    const { id } = await createApplication(t.db, actor, input({ name: 'Family', urls: ['https://family.example.com'], subjects: ['group:family'] }));
    const group = await t.db.group.findUniqueOrThrow({ where: { name: 'family' }, select: { id: true } });
    await renameGroup(t.db, { groupId: group.id, expectedName: 'family', newName: 'household', ...who });
    const saved = await getApplication(t.db, id);
    expect(saved?.application.subjects).toEqual(['group:household']);
    expect(saved?.rules.find((r) => r.policy === 'one_factor')?.subjects).toEqual([['group:household']]);
    await renameGroup(t.db, { groupId: group.id, expectedName: 'household', newName: 'family', ...who });
    await deleteApplication(t.db, actor, { id });
  });

  it('stores an uploaded icon checked by its bytes', async () => {
    const { id } = await createApplication(t.db, actor, input({ name: 'Icon', urls: ['https://icon.example.com'], icon: 'upload' }), { iconFile: PNG });
    expect(await readApplicationIcon(t.db, id)).toEqual({ data: PNG, type: 'image/png' });
    await expect(setApplicationIcon(t.db, actor, { id, file: Buffer.from('<svg onload="alert(1)"/>') })).rejects.toThrow(/SVG is not accepted/);
    await updateApplication(t.db, actor, { id, ...input({ name: 'Icon', urls: ['https://icon.example.com'], icon: 'builtin:mail' }) });
    expect(await readApplicationIcon(t.db, id)).toBeNull();
    await deleteApplication(t.db, actor, { id });
  });

  it('lets exactly one of many concurrent creates take a host, and one take a short name', async () => {
    await warmPool(t.db);
    const byHost = await burst(8, (i) => createApplication(t.db, actor, input({ name: `Race ${i}`, urls: ['https://race.example.com'] })));
    expect(byHost.passed).toHaveLength(1);
    for (const error of byHost.refused) expect(refusal(error).message).toMatch(/race\.example\.com belongs to the application "Race \d"/);
    const bySlug = await burst(8, (i) => createApplication(t.db, actor, input({ name: 'Slug', slug: 'same', urls: [`https://slug${i}.example.com`] })));
    expect(bySlug.passed).toHaveLength(1);
    for (const error of bySlug.refused) expect(refusal(error).message).toMatch(/already has the short name same/);
    expect(await t.db.application.count()).toBe(2);
    expect(await t.db.accessRule.count({ where: { applicationId: { not: null } } })).toBe(2);
    for (const app of (await listApplications(t.db)).applications) await deleteApplication(t.db, actor, { id: app.id });
  });
});
