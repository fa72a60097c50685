/** Rule storage on both dialects: order, moves, deletes, imports, the default, versions, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../events/local-bus';
import { EMPTY_RULE } from '../policy/empty-rule';
import type { TRuleInput } from '../policy/types';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { explainRequest } from './explain-request';
import { importRules } from './import-rules';
import { listRules } from './list-rules';
import { loadRuleSet } from './load-rule-set';
import { rowToRule } from './rule-codec';
import { DEFAULT_POLICY_KEY } from './rule-settings';
import { readRulesVersion } from './rules-version';
import { createRule } from './create-rule';
import { deleteRule } from './delete-rule';
import { moveRule } from './move-rule';
import { updateRule } from './update-rule';
import { setDefaultPolicy } from './set-default-policy';
import { setRequireTwoFactor } from './set-require-two-factor';
import { createTestUser } from '../../test/support/fixtures';

const who = { actor: { id: 'admin-1', name: 'admin' }, meta: { ip: '127.0.0.1', userAgent: 'vitest' } };
const make = (domain: string, policy: TRuleInput['policy'] = 'one_factor'): TRuleInput => ({ ...EMPTY_RULE, description: domain, domains: [domain], policy });

describe.each(DIALECTS)('access rules on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const order = async () => (await listRules(t.db)).map((r) => `${r.position}:${r.description}`);

  it('keeps rules in order through adds, inserts, moves and deletes, bumping the version and auditing each change', async () => {
    const events: number[] = [];
    const stop = subscribe('rules-changed', () => events.push(1));
    const v0 = await readRulesVersion(t.db);
    const a = await createRule(t.db, { rule: make('a.example.com'), ...who });
    const b = await createRule(t.db, { rule: make('b.example.com'), ...who });
    await createRule(t.db, { rule: make('first.example.com'), position: 1, ...who });
    expect(await order()).toEqual(['1:first.example.com', '2:a.example.com', '3:b.example.com']);
    await moveRule(t.db, { id: b, to: 1, ...who });
    expect(await order()).toEqual(['1:b.example.com', '2:first.example.com', '3:a.example.com']);
    await moveRule(t.db, { id: b, to: 99, ...who });
    expect(await order()).toEqual(['1:first.example.com', '2:a.example.com', '3:b.example.com']);
    await updateRule(t.db, { id: a, rule: make('a2.example.com', 'deny'), ...who });
    await deleteRule(t.db, { id: a, ...who });
    expect(await order()).toEqual(['1:first.example.com', '2:b.example.com']);
    stop();
    expect(events.length).toBe(7);
    expect(await readRulesVersion(t.db)).not.toBe(v0);
    const audit = await t.db.auditEvent.findMany({
      where: { type: { startsWith: 'rules.' } },
      orderBy: { id: 'asc' },
      select: { type: true, actorName: true },
    });
    expect(audit.map((e) => e.type)).toEqual([
      'rules.created',
      'rules.created',
      'rules.created',
      'rules.moved',
      'rules.moved',
      'rules.updated',
      'rules.deleted',
    ]);
    expect(audit.every((e) => e.actorName === 'admin')).toBe(true);
  });

  it('refuses to change a rule another admin deleted, with a clear message', async () => {
    await expect(updateRule(t.db, { id: 'gone', rule: make('x.example.com'), ...who })).rejects.toThrow(/no longer exists/);
    await expect(deleteRule(t.db, { id: 'gone', ...who })).rejects.toThrow(/no longer exists/);
    await expect(moveRule(t.db, { id: 'gone', to: 1, ...who })).rejects.toThrow(/no longer exists/);
  });

  it('imports in one transaction (append or replace), with the default policy', async () => {
    await importRules(t.db, { rules: [make('i1.example.com'), make('i2.example.com')], mode: 'append', defaultPolicy: null, ...who });
    expect((await order()).slice(-2)).toEqual(['3:i1.example.com', '4:i2.example.com']);
    const result = await importRules(t.db, { rules: [make('only.example.com', 'two_factor')], mode: 'replace', defaultPolicy: 'one_factor', ...who });
    expect(result).toEqual({ imported: 1, removed: 4 });
    const set = await loadRuleSet(t.db);
    expect(set.rules.map((r) => r.description)).toEqual(['only.example.com']);
    expect(set.defaultPolicy).toBe('one_factor');
  });

  it('changes the default policy (deny when never set), audited with before and after', async () => {
    await setDefaultPolicy(t.db, { policy: 'deny', ...who });
    await setDefaultPolicy(t.db, { policy: 'bypass', ...who });
    const event = await t.db.auditEvent.findFirst({ where: { type: 'rules.default_policy_changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event!.data!)).toEqual({ from: 'deny', to: 'bypass' });
    await t.db.setting.delete({ where: { key: DEFAULT_POLICY_KEY } });
    expect((await loadRuleSet(t.db)).defaultPolicy).toBe('deny');
  });

  it('turns "a second factor for everyone" on and off, audited, bumping the version', async () => {
    const v0 = await readRulesVersion(t.db);
    await setRequireTwoFactor(t.db, { required: true, ...who });
    expect((await loadRuleSet(t.db)).requireTwoFactor).toBe(true);
    expect(await readRulesVersion(t.db)).not.toBe(v0);
    await setRequireTwoFactor(t.db, { required: true, ...who });
    await setRequireTwoFactor(t.db, { required: false, ...who });
    expect((await loadRuleSet(t.db)).requireTwoFactor).toBe(false);
    expect(await t.db.auditEvent.count({ where: { type: 'rules.require_two_factor_changed' } })).toBe(2);
  });

  it('reads a hand-broken row as a rule that denies everything (fails closed)', () => {
    const rule = rowToRule({
      id: 'x',
      position: 1,
      description: 'broken',
      domains: '{not json',
      paths: '[]',
      methods: '[]',
      subjects: '[]',
      networks: '[]',
      policy: 'bypass',
    });
    expect(rule).toMatchObject({ policy: 'deny', domains: [], description: expect.stringContaining('UNREADABLE') });
  });

  it('explains a request: the deciding rule and why earlier ones did not match', async () => {
    await importRules(t.db, {
      rules: [
        { ...make('docs.example.com', 'bypass'), methods: ['POST'] },
        { ...make('docs.example.com', 'two_factor'), subjects: [['group:family']] },
      ],
      mode: 'replace',
      defaultPolicy: 'deny',
      ...who,
    });
    await createTestUser(t.db, { username: `fam-${dialect}`, groups: ['family'] });
    const result = await explainRequest(t.db, { url: 'https://docs.example.com/x', method: 'GET', username: `fam-${dialect}`, clientIp: '' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.evaluation.rule?.position).toBe(2);
    expect(result.evaluation.trace[0]!.reasons.join(' ')).toContain('method GET');
    const errors = await explainRequest(t.db, { url: 'not a url', method: 'G E T', username: 'nobody-here', clientIp: '999.1.1.1' });
    expect(errors.ok === false && Object.keys(errors.errors).sort()).toEqual(['ip', 'method', 'url', 'user']);
  });

  it('judges the URL as the verify endpoint does: refused spellings are refused with its reason, paths match ignoring case', async () => {
    await importRules(t.db, {
      rules: [{ ...make('docs.example.com', 'deny'), paths: [{ kind: 'prefix', value: '/admin/' }] }, make('docs.example.com', 'bypass')],
      mode: 'replace',
      defaultPolicy: 'deny',
      ...who,
    });
    const refused = await explainRequest(t.db, { url: 'https://docs.example.com/admin/%2e%2e/x', method: 'GET', username: '', clientIp: '' });
    expect(refused.ok === false && refused.errors.url).toBe(
      'The verify endpoint refuses this URL (400 Bad request): the path contains a dot segment (. or .., in any spelling).',
    );
    const upper = await explainRequest(t.db, { url: 'https://docs.example.com/ADMIN/%7Ex', method: 'GET', username: '', clientIp: '' });
    expect(upper.ok && upper.evaluation).toMatchObject({ policy: 'deny', rule: { position: 1 } });
  });
});
