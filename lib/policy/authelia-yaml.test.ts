import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportAutheliaYaml, importAutheliaYaml } from './authelia-yaml';
import { EMPTY_RULE } from './empty-rule';
import type { TRuleInput } from './types';

const rule = (fields: Partial<TRuleInput>): TRuleInput => ({ ...EMPTY_RULE, ...fields });

/** Lines are numbered from 1, as an editor shows them; `lines(…)` keeps the test text readable. */
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('importAutheliaYaml of a docs-style configuration', () => {
  const text = lines(
    'access_control:',
    '  default_policy: deny',
    '  networks:',
    '    - name: internal',
    '      networks:',
    '        - 10.10.0.0/16',
    '        - 192.168.2.0/24',
    '    - name: vpn',
    '      networks: 10.9.0.0/16',
    '  rules:',
    '    # The API is reached with device tokens, checked by Paperless itself.',
    '    - domain: paperless.example.com',
    "      resources: '^/api/.*$'",
    '      policy: bypass',
    '    - domain: paperless.example.com',
    '      policy: two_factor',
    "    - domain: ['Secure.example.com', '*.lan.example.com']",
    '      networks: [internal, vpn, 192.168.1.0/24, 10.0.0.1]',
    '      policy: one_factor',
    "    - domain: '*.example.com'",
    '      methods: [OPTIONS, get]',
    "      resources: ['^/groups/dev/.*$', '^/users/[a-z]+/$']",
    '      subject:',
    "        - 'group:admins'",
    "        - ['group:dev', 'user:john']",
    '      policy: two_factor',
    '    - domain: mx2.mail.example.com',
    "      subject: 'group:admins'",
    '      policy: deny',
  );

  it('imports every rule in order, with named networks resolved and nested subjects kept', () => {
    expect(importAutheliaYaml(text)).toEqual({
      defaultPolicy: 'deny',
      errors: [],
      rules: [
        rule({
          description: 'The API is reached with device tokens, checked by Paperless itself.',
          domains: ['paperless.example.com'],
          paths: [{ kind: 'prefix', value: '/api/' }],
          policy: 'bypass',
        }),
        rule({ domains: ['paperless.example.com'], policy: 'two_factor' }),
        rule({
          domains: ['secure.example.com', '*.lan.example.com'],
          networks: ['10.10.0.0/16', '192.168.2.0/24', '10.9.0.0/16', '192.168.1.0/24', '10.0.0.1'],
          policy: 'one_factor',
        }),
        rule({
          domains: ['*.example.com'],
          methods: ['OPTIONS', 'GET'],
          paths: [
            { kind: 'prefix', value: '/groups/dev/' },
            { kind: 'regex', value: '^/users/[a-z]+/$' },
          ],
          subjects: [['group:admins'], ['group:dev', 'user:john']],
          policy: 'two_factor',
        }),
        rule({ domains: ['mx2.mail.example.com'], subjects: [['group:admins']], policy: 'deny' }),
      ],
    });
  });

  it('ignores the other sections of a full configuration', () => {
    const full = lines(
      'server:',
      "  address: 'tcp://:9091'",
      'session:',
      '  cookies:',
      '    - domain: example.com',
      '      authelia_url: https://auth.example.com',
      'storage:',
      '  local: { path: /config/db.sqlite3 }',
      'identity_providers:',
      '  oidc: { clients: [{ client_id: x }] }',
    );
    expect(importAutheliaYaml(full + text)).toEqual(importAutheliaYaml(text));
    expect(importAutheliaYaml(text + full)).toEqual(importAutheliaYaml(text));
  });

  it('reads the access_control mapping alone', () => {
    const result = importAutheliaYaml(lines('default_policy: one_factor', 'rules:', '  - domain: a.example.com', '    policy: bypass'));
    expect(result).toEqual({ defaultPolicy: 'one_factor', rules: [rule({ domains: ['a.example.com'], policy: 'bypass' })], errors: [] });
  });

  it('reads a bare list of rules, without a default policy', () => {
    const result = importAutheliaYaml(lines('- domain: a.example.com', '  policy: bypass', '- policy: deny'));
    expect(result).toEqual({ defaultPolicy: null, rules: [rule({ domains: ['a.example.com'], policy: 'bypass' }), rule({})], errors: [] });
  });

  it('reads a default policy without rules', () => {
    expect(importAutheliaYaml(lines('access_control:', '  default_policy: two_factor'))).toEqual({ defaultPolicy: 'two_factor', rules: [], errors: [] });
    expect(importAutheliaYaml(lines('access_control:', '  default_policy: deny', '  rules:'))).toEqual({ defaultPolicy: 'deny', rules: [], errors: [] });
  });

  it('follows YAML anchors and aliases', () => {
    const result = importAutheliaYaml(
      lines(
        'rules:',
        '  - domain: a.example.com',
        '    subject: &family [group:family, [user:anna, group:adults]]',
        '    policy: one_factor',
        '  - domain: b.example.com',
        '    subject: *family',
        '    policy: two_factor',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rules.map((r) => r.subjects)).toEqual([
      [['group:family'], ['user:anna', 'group:adults']],
      [['group:family'], ['user:anna', 'group:adults']],
    ]);
  });
});

describe('importAutheliaYaml resources', () => {
  it.each([
    ['^/api/', { kind: 'prefix', value: '/api/' }],
    ['^/api/.*', { kind: 'prefix', value: '/api/' }],
    ['^/api/.*$', { kind: 'prefix', value: '/api/' }],
    ['^/', { kind: 'prefix', value: '/' }],
    ['^/static/app\\.v2\\+min/', { kind: 'prefix', value: '/static/app.v2+min/' }],
    ['^\\/api\\/', { kind: 'prefix', value: '/api/' }],
    ['^/a-b_c~d/', { kind: 'prefix', value: '/a-b_c~d/' }],
    ['^/api/$', { kind: 'regex', value: '^/api/$' }],
    ['^/api/.+', { kind: 'regex', value: '^/api/.+' }],
    ['^/api/\\d+', { kind: 'regex', value: '^/api/\\d+' }],
    ['/api/', { kind: 'regex', value: '/api/' }],
    ['^api/', { kind: 'regex', value: '^api/' }],
    ['^/search\\?q=', { kind: 'regex', value: '^/search\\?q=' }],
    ['^/(api|static)/', { kind: 'regex', value: '^/(api|static)/' }],
    ['^/api/.*$$', { kind: 'regex', value: '^/api/.*$$' }],
  ])('reads %j as %j', (source, expected) => {
    const result = importAutheliaYaml(lines('- resources:', `    - ${JSON.stringify(source)}`, '  policy: deny'));
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.paths).toEqual([expected]);
  });
});

describe('importAutheliaYaml errors', () => {
  it('reports each bad rule at its line, skips it whole, and imports the rest', () => {
    const text = lines(
      /*  1 */ 'access_control:',
      /*  2 */ '  default_policy: deny',
      /*  3 */ '  networks:',
      /*  4 */ '    - name: internal',
      /*  5 */ '      networks: [10.0.0.0/8]',
      /*  6 */ '  rules:',
      /*  7 */ '    - domain: good-1.example.com',
      /*  8 */ '      policy: bypass',
      /*  9 */ "    - domain_regex: '^(app|www)\\.example\\.com$'",
      /* 10 */ '      policy: deny',
      /* 11 */ '    - domain: app.example.com',
      /* 12 */ '      query:',
      /* 13 */ '        - - key: secret',
      /* 14 */ '      policy: deny',
      /* 15 */ '    - domain: app.example.com',
      /* 16 */ '      policy: two_factor',
      /* 17 */ '      priority: 1',
      /* 18 */ '    - domain: app.example.com',
      /* 19 */ "      subject: ['group:admins', 'oauth2:client:paperless']",
      /* 20 */ '      policy: one_factor',
      /* 21 */ '    - domain: good-2.example.com',
      /* 22 */ '      networks: internal',
      /* 23 */ '      policy: one_factor',
      /* 24 */ '    - domain: Bad Domain',
      /* 25 */ '      policy: deny',
      /* 26 */ '    - domain: app.example.com',
      /* 27 */ '      policy: allow',
      /* 28 */ '    - domain: app.example.com',
      /* 29 */ "    - resources: ['^/api/(?!admin)']",
      /* 30 */ '      policy: deny',
      /* 31 */ '    - networks: [lan]',
      /* 32 */ '      policy: deny',
      /* 33 */ '    - domain: good-3.example.com',
      /* 34 */ '      policy: deny',
    );
    const result = importAutheliaYaml(text);
    expect(result.defaultPolicy).toBe('deny');
    expect(result.rules.map((r) => r.domains[0])).toEqual(['good-1.example.com', 'good-2.example.com', 'good-3.example.com']);
    expect(result.rules[1]!.networks).toEqual(['10.0.0.0/8']);
    expect(result.errors).toEqual([
      { line: 9, message: 'domain_regex is not supported; list the domains or use *.example.com' },
      { line: 12, message: 'query conditions are not supported' },
      { line: 17, message: 'unknown key priority in a rule' },
      { line: 19, message: 'the subject oauth2:client:paperless is not supported: only user:<name> and group:<name> are' },
      { line: 24, message: '"bad domain" is not a domain. Use a hostname such as app.example.com, or *.example.com for all its subdomains.' },
      { line: 27, message: 'the policy must be one of bypass, one_factor, two_factor, deny' },
      { line: 28, message: 'the rule has no policy' },
      { line: 29, message: expect.stringMatching(/^The regular expression is not valid RE2 syntax .*RE2 has no lookahead/) },
      { line: 31, message: 'lan is neither a name from access_control networks nor an IP address or CIDR range' },
    ]);
  });

  it('reports every zod message of a rule at the rule’s line', () => {
    const result = importAutheliaYaml(
      lines(
        '- domain: ok.example.com',
        '  policy: deny',
        '- domain: [a.example.com, a_b.example.com]',
        '  methods: [GET, FETCH]',
        "  subject: 'user:anna berg'",
        '  policy: deny',
      ),
    );
    expect(result.rules).toHaveLength(1);
    expect(result.errors).toEqual([
      { line: 3, message: '"a_b.example.com" is not a domain. Use a hostname such as app.example.com, or *.example.com for all its subdomains.' },
      { line: 3, message: expect.stringMatching(/^"FETCH" is not an HTTP method\. Use one of GET, HEAD/) },
      { line: 3, message: expect.stringMatching(/^"user:anna berg" is not a subject\./) },
    ]);
  });

  it('refuses subjects on a bypass rule, as Authelia does', () => {
    expect(importAutheliaYaml(lines('- domain: a.example.com', '  subject: user:anna', '  policy: bypass')).errors).toEqual([
      { line: 1, message: 'A bypass rule cannot have subjects: bypass lets everyone through, signed in or not.' },
    ]);
  });

  it('refuses values of the wrong shape', () => {
    const result = importAutheliaYaml(
      lines(
        /* 1 */ '- domain: { name: a.example.com }',
        /* 2 */ '  policy: deny',
        /* 3 */ '- domain: [a.example.com, [b.example.com]]',
        /* 4 */ '  policy: deny',
        /* 5 */ '- methods: 42',
        /* 6 */ '  policy: deny',
        /* 7 */ '- domain:',
        /* 8 */ '  policy: deny',
        /* 9 */ '- just text',
        /* 10 */ '- [a, list]',
        /* 11 */ '- policy: [deny]',
        /* 12 */ '- ? [complex, key]',
        /* 13 */ '  : value',
        /* 14 */ '  policy: deny',
      ),
    );
    expect(result.rules).toEqual([]);
    expect(result.errors).toEqual([
      { line: 1, message: 'domain must be text or a list of text' },
      { line: 3, message: 'each entry of domain must be text' },
      { line: 5, message: 'methods must be text or a list of text' },
      { line: 7, message: 'domain must be text or a list of text' },
      { line: 9, message: 'a rule must be a mapping of options such as domain and policy' },
      { line: 10, message: 'a rule must be a mapping of options such as domain and policy' },
      { line: 11, message: 'the policy must be one of bypass, one_factor, two_factor, deny' },
      { line: 12, message: 'unknown key (not text) in a rule' },
    ]);
  });

  it('reports problems in the access_control section itself', () => {
    const result = importAutheliaYaml(
      lines(
        /* 1 */ 'access_control:',
        /* 2 */ '  default_policy: allow',
        /* 3 */ '  networks:',
        /* 4 */ '    - name: lan',
        /* 5 */ '      networks: 192.168.0.0/16',
        /* 6 */ '    - name: lan',
        /* 7 */ '      networks: 10.0.0.0/8',
        /* 8 */ '    - networks: 10.0.0.0/8',
        /* 9 */ '  rule:',
        /* 10 */ '    - policy: deny',
        /* 11 */ '  rules:',
        /* 12 */ '    - networks: lan',
        /* 13 */ '      policy: deny',
      ),
    );
    expect(result).toEqual({
      defaultPolicy: null,
      rules: [rule({ networks: ['192.168.0.0/16'] })],
      errors: [
        { line: 2, message: 'the policy must be one of bypass, one_factor, two_factor, deny' },
        { line: 6, message: 'the network name lan is defined twice' },
        { line: 8, message: 'a network definition needs a name and networks' },
        { line: 9, message: 'unknown key rule in access_control' },
      ],
    });
  });

  it('refuses rules that are not a list, and networks that are not definitions', () => {
    expect(importAutheliaYaml(lines('access_control:', '  default_policy: deny', '  rules: { domain: a.example.com }')).errors).toEqual([
      { line: 3, message: 'rules must be a list' },
    ]);
    expect(importAutheliaYaml(lines('access_control:', '  networks: 10.0.0.0/8', '  rules: []')).errors).toEqual([
      { line: 2, message: 'access_control networks must be a list of { name, networks }' },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['text', 'hello\n'],
    ['a configuration without access_control', lines('server:', '  address: tcp://:9091')],
  ])('finds nothing to import in %s', (_, text) => {
    expect(importAutheliaYaml(text)).toEqual({
      defaultPolicy: null,
      rules: [],
      errors: [{ line: 1, message: 'found no access_control section, access_control mapping or list of rules' }],
    });
  });

  it('refuses an access_control that is not a mapping', () => {
    expect(importAutheliaYaml(lines('server: {}', 'access_control: [1, 2]')).errors).toEqual([{ line: 2, message: 'access_control must be a mapping' }]);
    expect(importAutheliaYaml(lines('server: {}', 'access_control:')).errors).toEqual([{ line: 2, message: 'access_control must be a mapping' }]);
  });

  it('reports invalid YAML as one error at its line', () => {
    const result = importAutheliaYaml(
      lines('access_control:', '  default_policy: deny', '  rules:', '    - domain: [a.example.com', '      policy: deny', '    - domain: b.example.com'),
    );
    expect(result.rules).toEqual([]);
    expect(result.defaultPolicy).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.line).toBe(5);
    expect(result.errors[0]!.message).toMatch(/^invalid YAML: /);
  });

  it.each([
    ['a duplicate key', lines('access_control:', '  default_policy: deny', '  default_policy: bypass'), 3],
    // The parser notices the missing quote only at the end of the file.
    ['an unclosed quote', lines('rules:', '  - domain: "a.example.com', '    policy: deny'), 4],
    ['a tab for indentation', lines('rules:', '\t- policy: deny'), 2],
    ['two documents', lines('rules: []', '---', 'rules: []'), 2],
  ])('reports %s as invalid YAML', (_, text, line) => {
    const result = importAutheliaYaml(text);
    expect(result.errors).toEqual([{ line, message: expect.stringMatching(/^invalid YAML: /) }]);
    expect(result.rules).toEqual([]);
  });

  it('reports an alias that names no anchor where it is', () => {
    expect(importAutheliaYaml(lines('rules:', '  - subject: *nothing', '    policy: deny')).errors).toEqual([
      { line: 2, message: 'subject must be text or a list of text' },
    ]);
  });

  it('refuses a file larger than 1 MiB without parsing it', () => {
    const big = `rules: []\n# ${'x'.repeat(1024 * 1024)}\n`;
    expect(importAutheliaYaml(big)).toEqual({ defaultPolicy: null, rules: [], errors: [{ line: 1, message: 'the file is larger than 1 MiB' }] });
  });

  it('refuses absurd structure before parsing it, as the only error', () => {
    expect(importAutheliaYaml(`rules:\n  - ${'['.repeat(500_000)}`)).toEqual({
      defaultPolicy: null,
      rules: [],
      errors: [{ line: 2, message: 'the file nests more than 64 levels deep' }],
    });
  });

  it('reads 1000 typical rules, which stay well within the token limit', () => {
    const typical = rule({
      description: 'A typical rule for the family',
      domains: ['a.example.com', '*.b.example.com'],
      paths: [
        { kind: 'prefix', value: '/api/' },
        { kind: 'regex', value: '^/x/\\d+' },
      ],
      methods: ['GET', 'HEAD'],
      subjects: [['group:family'], ['user:anna', 'group:adults']],
      networks: ['10.0.0.0/8'],
      policy: 'two_factor',
    });
    const result = importAutheliaYaml(
      exportAutheliaYaml(
        'deny',
        Array.from({ length: 1000 }, () => typical),
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rules).toHaveLength(1000);
    expect(result.rules[999]).toEqual(typical);
  });

  it('refuses more than 1000 rules, importing none', () => {
    const many = (count: number) => `rules:\n${'  - policy: deny\n'.repeat(count)}`;
    expect(importAutheliaYaml(many(1001))).toEqual({
      defaultPolicy: null,
      rules: [],
      errors: [{ line: 2, message: 'the file has 1001 rules; at most 1000 can be imported at once' }],
    });
    expect(importAutheliaYaml(many(1000)).rules).toHaveLength(1000);
  });

  it('refuses a list of more than 50 entries before reading it', () => {
    const domains = Array.from({ length: 51 }, (_, i) => `d${i}.example.com`).join(', ');
    expect(importAutheliaYaml(lines(`- domain: [${domains}]`, '  policy: deny')).errors).toEqual([{ line: 1, message: 'domain has more than 50 entries' }]);
  });

  it('survives aliases that would multiply the input', () => {
    const fifty = Array.from({ length: 50 }, () => '*a').join(', ');
    const text = lines(
      'rules:',
      '  - subject: &a [group:a, group:b, group:c, group:d, group:e, group:f, group:g, group:h]',
      '    policy: deny',
      `  - subject: [${fifty}]`,
      '    policy: deny',
      `  - subject: [${fifty}, *a]`,
      '    policy: deny',
    );
    const result = importAutheliaYaml(text);
    expect(result.errors).toEqual([{ line: 6, message: 'subject has more than 50 entries' }]);
    expect(result.rules[1]!.subjects).toHaveLength(50);
  });

  it('ignores a comment above a rule that is not right above it', () => {
    const result = importAutheliaYaml(lines('rules:', '  # about the first', '', '  - policy: deny'));
    expect(result.rules[0]!.description).toBe('');
  });

  it('does not take a commented-out option of the rule before for a description', () => {
    const result = importAutheliaYaml(lines('rules:', '  - policy: deny', '    # methods: [GET]', '  - policy: bypass'));
    expect(result.rules.map((r) => r.description)).toEqual(['', '']);
  });

  it('turns several comment lines into one description, cleaned and cut at 200 characters', () => {
    const result = importAutheliaYaml(lines('rules:', '  ## Paperless', '  #\tfor the   family', `  # ${'x'.repeat(300)}`, '  - policy: deny'));
    expect(result.rules[0]!.description).toBe(`Paperless for the family ${'x'.repeat(300)}`.slice(0, 200));
  });
});

describe('exportAutheliaYaml', () => {
  const rules: TRuleInput[] = [
    rule({ description: 'Paperless API: device tokens', domains: ['paperless.example.com'], paths: [{ kind: 'prefix', value: '/api/' }], policy: 'bypass' }),
    rule({
      domains: ['paperless.example.com', '*.example.com'],
      paths: [
        // (No backslash: a path holding one is refused by the verify endpoint, so a prefix cannot hold one.)
        { kind: 'prefix', value: '/static/app.v2+min(1)[x]{y}|z$^/' },
        { kind: 'regex', value: '^/documents/\\d+/download' },
      ],
      methods: ['GET', 'HEAD'],
      subjects: [['group:admins'], ['user:anna', 'group:family']],
      networks: ['10.0.0.0/8', '2001:db8::/32'],
      policy: 'two_factor',
    }),
    rule({ description: 'Everything else: # not a comment end', policy: 'deny' }),
  ];

  it('writes Authelia’s access_control section, omitting empty fields', () => {
    expect(exportAutheliaYaml('deny', rules.slice(0, 1))).toBe(
      lines(
        'access_control:',
        '  default_policy: deny',
        '  rules:',
        '  # Paperless API: device tokens',
        '  - domain:',
        '    - paperless.example.com',
        '    policy: bypass',
        '    resources:',
        '    - (?i)^/api/',
      ),
    );
  });

  it('writes no rules as an empty list', () => {
    expect(exportAutheliaYaml('two_factor', [])).toBe(lines('access_control:', '  default_policy: two_factor', '  rules: []'));
  });

  it('round-trips: export then import gives back the same rules and default policy', () => {
    expect(importAutheliaYaml(exportAutheliaYaml('one_factor', rules))).toEqual({ defaultPolicy: 'one_factor', rules, errors: [] });
  });

  it('writes a prefix as a regex that means the same to Authelia (Go RE2, case-insensitive), even full of regex characters', () => {
    const prefix = rules[1]!.paths[0]!.value;
    const [exported, regex] = parse(exportAutheliaYaml('deny', [rules[1]!])).access_control.rules[0].resources as string[];
    expect(exported).toBe('(?i)^/static/app\\.v2\\+min\\(1\\)\\[x\\]\\{y\\}\\|z\\$\\^/');
    expect(regex).toBe('(?i)^/documents/\\d+/download');
    // Compiled as Go would: RE2 without any flag of Gatehouse's own.
    const go = RE2JS.compile(exported!);
    expect(go.test(`${prefix}file.js`)).toBe(true);
    expect(go.test(`${prefix.toUpperCase()}file.js`)).toBe(true);
    expect(go.test(prefix.replace('.', 'X'))).toBe(false);
    expect(importAutheliaYaml(lines('- resources:', `  - ${JSON.stringify(exported)}`, '  policy: deny')).rules[0]!.paths).toEqual([rules[1]!.paths[0]]);
  });

  it('reads a leading (?i) as the case-insensitivity Gatehouse always has', () => {
    const result = importAutheliaYaml(lines('- resources: ["(?i)^/api/", "(?i)^/x/\\\\d+$", "^/(?i)y/"]', '  policy: deny'));
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.paths).toEqual([
      { kind: 'prefix', value: '/api/' },
      { kind: 'regex', value: '^/x/\\d+$' },
      { kind: 'regex', value: '^/(?i)y/' },
    ]);
  });
});
