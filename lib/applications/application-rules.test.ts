import { describe, expect, it } from 'vitest';
import { compileRules } from '../policy/compile';
import { storedRule } from '../policy/empty-rule';
import { evaluateRules } from '../policy/evaluate';
import type { TRequestFacts } from '../policy/types';
import { applicationRules } from './application-rules';

const app = {
  name: 'Whoami',
  urls: ['http://whoami.localhost:8080', 'https://who.example.com'],
  subjects: ['group:family', 'user:anna'],
  level: 'two_factor' as const,
  publicPaths: ['/static/'],
};

const decide = (rules: ReturnType<typeof applicationRules>, facts: Partial<TRequestFacts>) => {
  const set = compileRules(rules.map((rule, i) => storedRule(i + 1, rule)));
  const result = evaluateRules(
    set,
    { host: 'whoami.localhost:8080', path: '/', query: '', method: 'GET', clientIp: '127.0.0.1', user: null, ...facts },
    'deny',
  );
  return result.needsIdentity ? 'sign in' : result.policy;
};

describe('the rules an application writes', () => {
  it('bypasses public paths, lets its subjects in at its level and refuses everyone else', () => {
    const rules = applicationRules(app);
    expect(rules.map((r) => [r.policy, r.domains, r.paths, r.subjects])).toEqual([
      ['bypass', ['whoami.localhost', 'who.example.com'], [{ kind: 'prefix', value: '/static/' }], []],
      ['two_factor', ['whoami.localhost', 'who.example.com'], [], [['group:family'], ['user:anna']]],
      ['deny', ['whoami.localhost', 'who.example.com'], [], []],
    ]);
    expect(decide(rules, { path: '/static/app.css' })).toBe('bypass');
    expect(decide(rules, {})).toBe('sign in');
    expect(decide(rules, { user: { username: 'anna', groups: [] } })).toBe('two_factor');
    expect(decide(rules, { user: { username: 'bob', groups: ['family'] } })).toBe('two_factor');
    expect(decide(rules, { user: { username: 'eve', groups: ['others'] } })).toBe('deny');
    expect(decide(rules, { host: 'WHO.example.com.' })).toBe('sign in');
    expect(decide(rules, { host: 'other.localhost:8080' })).toBe('deny');
  });

  it('without subjects lets every signed-in user in and sends anonymous visitors to sign in', () => {
    const rules = applicationRules({ ...app, subjects: [], publicPaths: [], level: 'one_factor' });
    expect(rules.map((r) => r.policy)).toEqual(['one_factor']);
    expect(decide(rules, {})).toBe('one_factor');
    expect(decide(rules, { user: { username: 'eve', groups: [] } })).toBe('one_factor');
  });

  it('writes nothing for an application without addresses', () => {
    expect(applicationRules({ ...app, urls: [] })).toEqual([]);
  });
});
