import { describe, expect, it } from 'vitest';
import { compileRules } from './compile';
import { storedRule } from './empty-rule';
import type { TRuleInput, TStoredRule } from './types';

const rule = (position: number, fields: Partial<TRuleInput> = {}): TStoredRule => storedRule(position, fields);

describe('compileRules', () => {
  it('compiles nothing to an empty set', () => {
    expect(compileRules([])).toEqual({ rules: [], problems: [], index: { exact: new Map(), suffix: new Map(), other: [] }, regexSet: null });
  });

  it('orders rules by position, keeping the given order for equal positions', () => {
    const set = compileRules([rule(3), rule(1), { ...rule(2), id: 'first-2' }, { ...rule(2), id: 'second-2' }]);
    expect(set.rules.map((r) => r.id)).toEqual(['r1', 'first-2', 'second-2', 'r3']);
  });

  it('does not reorder the caller’s array', () => {
    const rules = [rule(2), rule(1)];
    compileRules(rules);
    expect(rules.map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('precomputes every matcher', () => {
    const [compiled] = compileRules([
      rule(1, {
        domains: ['App.Example.com', '*.example.org', 'nas'],
        paths: [
          { kind: 'prefix', value: '/api/' },
          { kind: 'regex', value: '^/d/\\d+$' },
        ],
        methods: ['get', 'HEAD'],
        subjects: [['User:Anna'], ['group:family', 'group:adults']],
        networks: ['10.0.0.0/8', '::ffff:192.168.0.0/112', '2001:db8::1'],
        policy: 'two_factor',
      }),
    ]).rules;
    expect(compiled).toMatchObject({
      id: 'r1',
      position: 1,
      policy: 'two_factor',
      problem: null,
      domains: { exact: new Set(['app.example.com', 'nas']), suffixes: ['.example.org'] },
      prefixes: ['/api/'],
      methods: new Set(['GET', 'HEAD']),
      subjects: [['user:anna'], ['group:family', 'group:adults']],
    });
    expect(compiled!.regexes.map((regex) => regex.pattern())).toEqual(['^/d/\\d+$']);
    expect(compiled!.networks!.map(([range, bits]) => `${range.toString()}/${bits}`)).toEqual(['10.0.0.0/8', '192.168.0.0/16', '2001:db8::1/128']);
  });

  it('uses null for "any" domain, method and network', () => {
    const [compiled] = compileRules([rule(1)]).rules;
    expect(compiled).toMatchObject({ domains: null, methods: null, networks: null, prefixes: [], regexes: [], subjects: [] });
  });

  it('keeps a wildcard-only rule from matching any domain', () => {
    const [compiled] = compileRules([rule(1, { domains: ['*.example.com'] })]).rules;
    expect(compiled!.domains).toEqual({ exact: new Set(), suffixes: ['.example.com'] });
  });

  it('compiles a regex that does not compile as a problem instead of throwing', () => {
    const set = compileRules([rule(1, { paths: [{ kind: 'regex', value: '^/(api' }] }), rule(2)]);
    expect(set.rules).toHaveLength(2);
    expect(set.rules[0]!.problem).toMatch(/^regex \^\/\(api: The regular expression is not valid RE2 syntax/);
    expect(set.problems).toEqual([{ id: 'r1', position: 1, message: set.rules[0]!.problem }]);
    expect(set.rules[1]!.problem).toBeNull();
  });

  it('treats a regex RE2 cannot compile (valid JavaScript, stored earlier) or a too large one as a problem too', () => {
    const set = compileRules([rule(1, { paths: [{ kind: 'regex', value: '^/api/(?!admin)' }] }), rule(2, { paths: [{ kind: 'regex', value: 'a.{1000}x' }] })]);
    expect(set.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^regex \^\/api\/\(\?!admin\): The regular expression is not valid RE2 syntax.*RE2 has no lookahead/),
      expect.stringMatching(/^regex a\.\{1000\}x: The regular expression is too large/),
    ]);
    expect(set.rules.map((compiled) => compiled.policy)).toEqual(['deny', 'deny']);
  });

  it('compiles prefixes to their canonical, lower-case form (compared with the lower-cased path)', () => {
    const [compiled] = compileRules([
      rule(1, {
        paths: [
          { kind: 'prefix', value: '/Api/%7euser/%c3%a9' },
          { kind: 'prefix', value: '/X' },
        ],
      }),
    ]).rules;
    expect(compiled!.prefixes).toEqual(['/api/~user/%c3%a9', '/x']);
  });

  it('puts every regex of the rule set in one RE2 set, each rule knowing its own (broken rules left out)', () => {
    const set = compileRules([
      rule(1, {
        paths: [
          { kind: 'regex', value: '^/a/' },
          { kind: 'prefix', value: '/p/' },
          { kind: 'regex', value: 'x$' },
        ],
      }),
      rule(2, { paths: [{ kind: 'regex', value: '^/(broken' }] }),
      rule(3, { paths: [{ kind: 'regex', value: '^/B/' }] }),
    ]);
    expect(set.rules.map((compiled) => compiled.regexIds)).toEqual([[0, 1], [], [2]]);
    expect(set.regexSet!.match('/b/x')).toEqual([1, 2]);
    expect(set.regexSet!.match('/A/')).toEqual([0]);
  });

  it('tests regexes one by one when there is only one, or when one set would be too large', () => {
    expect(compileRules([rule(1, { paths: [{ kind: 'regex', value: '^/a/' }] })]).regexSet).toBeNull();
    const large = Array.from({ length: 25 }, (_, i) => rule(i + 1, { paths: [{ kind: 'regex', value: `a${i}.{180}x` }] }));
    const set = compileRules(large);
    expect(set.problems).toEqual([]);
    expect(set.regexSet).toBeNull();
  });

  it('compiles regexes to RE2, matching ignoring case', () => {
    const [compiled] = compileRules([rule(1, { paths: [{ kind: 'regex', value: '^/Admin/' }] })]).rules;
    expect(compiled!.regexes[0]!.test('/ADMIN/x')).toBe(true);
    expect(compiled!.regexes[0]!.test('/x/admin/')).toBe(false);
  });

  it('treats an unreadable network as a problem, so the rule does not widen to any network', () => {
    const set = compileRules([rule(1, { networks: ['10.0.0.0/8', '10.0.0.0/33'] })]);
    expect(set.problems).toEqual([{ id: 'r1', position: 1, message: '10.0.0.0/33 is not an IP address or CIDR range.' }]);
  });

  it('treats an empty subject group as a problem, so the rule does not match everyone', () => {
    const set = compileRules([rule(1, { subjects: [['user:anna'], []] })]);
    expect(set.problems).toEqual([{ id: 'r1', position: 1, message: 'A subject group is empty.' }]);
  });

  it('lists every problem of a rule in one message', () => {
    const set = compileRules([rule(1, { paths: [{ kind: 'regex', value: '[' }], networks: ['lan'] })]);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]!.message).toMatch(/^regex \[: .* lan is not an IP address or CIDR range\.$/);
  });
});
