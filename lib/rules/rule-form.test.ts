import { describe, expect, it } from 'vitest';
import { describeRule } from './describe-rule';
import { fieldsFromRule, ruleFromFields, ZRuleFormFields } from './rule-form';
import { validateRuleForm } from './validate-rule-form';

const fields = (over: Partial<Parameters<typeof ruleFromFields>[0]> = {}) => ({
  description: '',
  domains: '',
  paths: '',
  methods: [] as string[],
  subjects: '',
  networks: '',
  policy: 'two_factor',
  ...over,
});

describe('rule editor fields', () => {
  it('read one item per line, trimmed, blank lines ignored; ^ (or a flag group such as (?i)) starts a regex, anything else is a prefix', () => {
    expect(ruleFromFields(fields({ paths: '(?i)^/x/\n(?s)y' })).paths).toEqual([
      { kind: 'regex', value: '(?i)^/x/' },
      { kind: 'regex', value: '(?s)y' },
    ]);
    const rule = ruleFromFields(
      fields({
        domains: ' Paperless.Example.com \n\n*.example.org\r\n',
        paths: '/api/\n^/admin/.*$',
        methods: ['get', 'POST', 'GET'],
        subjects: 'group:family & group:paperless\nuser:Anna',
        networks: '10.0.0.0/8\n',
      }),
    );
    expect(rule).toEqual({
      description: '',
      domains: ['paperless.example.com', '*.example.org'],
      paths: [
        { kind: 'prefix', value: '/api/' },
        { kind: 'regex', value: '^/admin/.*$' },
      ],
      methods: ['GET', 'POST'],
      subjects: [['group:family', 'group:paperless'], ['user:anna']],
      networks: ['10.0.0.0/8'],
      policy: 'two_factor',
    });
  });

  it('round-trip through the editor text', () => {
    const rule = ruleFromFields(
      fields({ domains: 'a.example.com', paths: '/x/\n^/y$', subjects: 'group:a & group:b\nuser:c', networks: '192.168.0.0/16', description: 'Paperless' }),
    );
    expect(ruleFromFields(fieldsFromRule(rule))).toEqual(rule);
  });

  it('point at the line that is wrong', () => {
    const result = validateRuleForm(fields({ domains: 'ok.example.com\nnot a domain', networks: '10.0.0.0/8\n10.0.0.0/33', paths: '/api/\n^/(api' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.domains).toMatch(/^Line 2: /);
    expect(result.fieldErrors.networks).toMatch(/^Line 2: /);
    expect(result.fieldErrors.paths).toMatch(/^Line 2: The regular expression is not valid RE2 syntax/);
  });

  it('accept a valid rule', () => {
    const result = validateRuleForm(fields({ domains: 'paperless.example.com', policy: 'one_factor' }));
    expect(result.ok && result.rule.policy).toBe('one_factor');
  });

  it('bound every field and accept one checkbox as a string', () => {
    expect(ZRuleFormFields.safeParse({ ...fields(), methods: 'GET' }).data?.methods).toEqual(['GET']);
    expect(ZRuleFormFields.safeParse({ ...fields(), methods: undefined }).data?.methods).toEqual([]);
    expect(ZRuleFormFields.safeParse({ ...fields(), domains: 'a'.repeat(20_001) }).success).toBe(false);
    expect(ZRuleFormFields.safeParse({ ...fields(), policy: 'allow' }).success).toBe(false);
  });
});

describe('describeRule', () => {
  it('summarises a rule on one line', () => {
    expect(
      describeRule({
        position: 3,
        description: 'Paperless',
        domains: ['paperless.example.com'],
        paths: [{ kind: 'prefix', value: '/api/' }],
        methods: ['GET'],
        subjects: [['group:a', 'group:b']],
        networks: ['10.0.0.0/8'],
        policy: 'two_factor',
      }),
    ).toBe('#3 Paperless: paperless.example.com · /api/… · GET · group:a & group:b · from 10.0.0.0/8 → two_factor');
    expect(describeRule({ description: '', domains: [], paths: [], methods: [], subjects: [], networks: [], policy: 'deny' })).toBe('any domain → deny');
  });
});
