import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from './compile';
import { evaluateRules } from './evaluate';
import { storedRule } from './empty-rule';
import { POLICIES, type TRequestFacts, type TRuleInput, type TStoredRule } from './types';

const rule = (position: number, fields: Partial<TRuleInput> = {}): TStoredRule => storedRule(position, fields, 'two_factor');

const ANNA = { username: 'anna', groups: ['family', 'paperless'] };

const facts = (fields: Partial<TRequestFacts> = {}): TRequestFacts => ({
  host: 'app.example.com',
  path: '/',
  query: '',
  method: 'GET',
  clientIp: '10.0.0.5',
  user: ANNA,
  ...fields,
});

/** Does a single two_factor rule match these facts (default deny)? */
function matches(fields: Partial<TRuleInput>, request: Partial<TRequestFacts>): boolean {
  const result = evaluateRules(compileRules([rule(1, fields)]), facts(request), 'deny');
  expect(result.needsIdentity).toBe(false);
  return result.policy === 'two_factor';
}

type TCase = [name: string, rule: Partial<TRuleInput>, request: Partial<TRequestFacts>, expected: boolean];

describe('evaluateRules, each matcher', () => {
  const cases: TCase[] = [
    // Domains
    ['no domains: any host', {}, { host: 'anything.example.net' }, true],
    ['exact domain', { domains: ['app.example.com'] }, {}, true],
    ['exact domain, other host', { domains: ['app.example.com'] }, { host: 'other.example.com' }, false],
    ['exact domain, subdomain of it', { domains: ['app.example.com'] }, { host: 'x.app.example.com' }, false],
    ['second of several domains', { domains: ['a.example.com', 'app.example.com'] }, {}, true],
    ['wildcard, one level', { domains: ['*.example.com'] }, { host: 'a.example.com' }, true],
    ['wildcard, two levels', { domains: ['*.example.com'] }, { host: 'a.b.example.com' }, true],
    ['wildcard, the domain itself', { domains: ['*.example.com'] }, { host: 'example.com' }, false],
    ['wildcard, a name merely ending the same', { domains: ['*.example.com'] }, { host: 'badexample.com' }, false],
    ['wildcard, the domain as a prefix of another', { domains: ['*.example.com'] }, { host: 'a.example.com.evil.org' }, false],
    ['wildcard, a bare dot label', { domains: ['*.example.com'] }, { host: '.example.com' }, false],
    ['wildcard and its domain listed both', { domains: ['example.com', '*.example.com'] }, { host: 'example.com' }, true],
    ['host with a port', { domains: ['app.example.com'] }, { host: 'app.example.com:8443' }, true],
    ['host with a trailing dot', { domains: ['app.example.com'] }, { host: 'app.example.com.' }, true],
    ['host in upper case', { domains: ['app.example.com'] }, { host: 'APP.Example.COM' }, true],
    ['host with all three', { domains: ['*.example.com'] }, { host: 'App.Example.com.:443' }, true],
    ['domain stored in upper case', { domains: ['App.Example.com'] }, {}, true],
    ['IPv6 literal host', { domains: ['app.example.com'] }, { host: '[::1]:8443' }, false],
    ['empty host', { domains: ['app.example.com'] }, { host: '' }, false],
    // Methods
    ['no methods: any method', {}, { method: 'PROPFIND' }, true],
    ['listed method', { methods: ['GET', 'HEAD'] }, { method: 'HEAD' }, true],
    ['unlisted method', { methods: ['GET', 'HEAD'] }, { method: 'POST' }, false],
    ['method in lower case', { methods: ['GET'] }, { method: 'get' }, true],
    ['empty method', { methods: ['GET'] }, { method: '' }, false],
    // Path prefixes: the path alone
    ['no paths: any path', {}, { path: '/anything', query: 'a=1' }, true],
    ['prefix', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/api/documents/' }, true],
    ['prefix, the prefix itself', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/api/' }, true],
    ['prefix, shorter path', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/api' }, false],
    ['prefix, other path', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/admin/' }, false],
    ['prefix is plain text, not a segment', { paths: [{ kind: 'prefix', value: '/api' }] }, { path: '/apiary' }, true],
    ['prefix ignores the query', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/admin/', query: 'next=/api/' }, false],
    // Case is ignored (ASCII): a deny on /api/ also covers /API/, whatever an upstream does with case.
    ['prefix ignores case', { paths: [{ kind: 'prefix', value: '/api/' }] }, { path: '/API/' }, true],
    ['prefix ignores case, both ways', { paths: [{ kind: 'prefix', value: '/Api/X' }] }, { path: '/aPI/xyz' }, true],
    ['prefix in its canonical spelling (unreserved escapes decoded)', { paths: [{ kind: 'prefix', value: '/%7Euser/%41' }] }, { path: '/~user/a' }, true],
    ['prefix escapes compared in any hex case', { paths: [{ kind: 'prefix', value: '/caf%c3%a9' }] }, { path: '/CAF%C3%A9/' }, true],
    // Path regexes: path + '?' + query
    ['regex', { paths: [{ kind: 'regex', value: '^/api/.*$' }] }, { path: '/api/x' }, true],
    ['regex, other path', { paths: [{ kind: 'regex', value: '^/api/.*$' }] }, { path: '/admin/' }, false],
    ['regex sees the query', { paths: [{ kind: 'regex', value: 'download=true' }] }, { path: '/documents/1/', query: 'download=true' }, true],
    ['regex sees the ? before the query', { paths: [{ kind: 'regex', value: '^/d/\\?a=1$' }] }, { path: '/d/', query: 'a=1' }, true],
    ['regex, no ? without a query', { paths: [{ kind: 'regex', value: '\\?' }] }, { path: '/d/' }, false],
    ['regex anchored at $ fails with a query', { paths: [{ kind: 'regex', value: '^/api/$' }] }, { path: '/api/', query: 'a=1' }, false],
    ['regex ignores case', { paths: [{ kind: 'regex', value: '^/API/' }] }, { path: '/api/' }, true],
    ['regex ignores case in classes too', { paths: [{ kind: 'regex', value: '^/[a-z]+/$' }] }, { path: '/ADMIN/' }, true],
    ['regex is RE2 (Go) syntax', { paths: [{ kind: 'regex', value: '^/(?P<kind>api|static)/\\z' }] }, { path: '/static/' }, true],
    [
      'prefix or regex: the regex',
      {
        paths: [
          { kind: 'prefix', value: '/a/' },
          { kind: 'regex', value: '^/b/' },
        ],
      },
      { path: '/b/x' },
      true,
    ],
    [
      'prefix or regex: the prefix',
      {
        paths: [
          { kind: 'prefix', value: '/a/' },
          { kind: 'regex', value: '^/b/' },
        ],
      },
      { path: '/a/x' },
      true,
    ],
    [
      'prefix or regex: neither',
      {
        paths: [
          { kind: 'prefix', value: '/a/' },
          { kind: 'regex', value: '^/b/' },
        ],
      },
      { path: '/c/' },
      false,
    ],
    // Networks
    ['no networks: any client, even unknown', {}, { clientIp: null }, true],
    ['IPv4 in range', { networks: ['10.0.0.0/8'] }, { clientIp: '10.200.1.1' }, true],
    ['IPv4 out of range', { networks: ['10.0.0.0/8'] }, { clientIp: '192.168.1.5' }, false],
    ['IPv4 single address', { networks: ['10.0.0.5'] }, { clientIp: '10.0.0.5' }, true],
    ['IPv4 single address, neighbour', { networks: ['10.0.0.5'] }, { clientIp: '10.0.0.6' }, false],
    ['second of several networks', { networks: ['192.168.0.0/16', '10.0.0.0/8'] }, {}, true],
    ['IPv4-mapped client in an IPv4 range', { networks: ['10.0.0.0/8'] }, { clientIp: '::ffff:10.0.0.5' }, true],
    ['IPv4 client in an IPv4-mapped range', { networks: ['::ffff:10.0.0.0/104'] }, { clientIp: '10.0.0.5' }, true],
    ['IPv6 in range', { networks: ['2001:db8::/32'] }, { clientIp: '2001:db8::1' }, true],
    ['IPv6 out of range', { networks: ['2001:db8::/32'] }, { clientIp: '2001:db9::1' }, false],
    ['IPv6 loopback', { networks: ['::1'] }, { clientIp: '::1' }, true],
    ['IPv6 client, IPv4 range', { networks: ['0.0.0.0/0'] }, { clientIp: '2001:db8::1' }, false],
    ['IPv4 client, IPv6 range', { networks: ['::/0'] }, { clientIp: '10.0.0.5' }, false],
    ['unknown client address', { networks: ['0.0.0.0/0', '::/0'] }, { clientIp: null }, false],
    ['invalid client address', { networks: ['0.0.0.0/0', '::/0'] }, { clientIp: 'not-an-ip' }, false],
    ['short-form client address', { networks: ['0.0.0.0/0'] }, { clientIp: '10' }, false],
    ['client address with a port', { networks: ['0.0.0.0/0'] }, { clientIp: '10.0.0.5:1234' }, false],
    // Subjects
    ['no subjects: a signed-in user', {}, {}, true],
    ['user', { subjects: [['user:anna']] }, {}, true],
    ['other user', { subjects: [['user:bob']] }, {}, false],
    ['group', { subjects: [['group:family']] }, {}, true],
    ['other group', { subjects: [['group:admins']] }, {}, false],
    ['OR: the second group matches', { subjects: [['group:admins'], ['user:anna']] }, {}, true],
    ['OR: none matches', { subjects: [['group:admins'], ['user:bob']] }, {}, false],
    ['AND: all match', { subjects: [['user:anna', 'group:family', 'group:paperless']] }, {}, true],
    ['AND: one fails', { subjects: [['user:anna', 'group:admins']] }, {}, false],
    ['AND or OR: the AND-group', { subjects: [['group:admins'], ['group:family', 'group:paperless']] }, {}, true],
    ['user name compared without case', { subjects: [['user:anna', 'group:family']] }, { user: { username: 'Anna', groups: ['Family'] } }, true],
    ['a group named like the user is not the user', { subjects: [['user:anna']] }, { user: { username: 'bob', groups: ['anna'] } }, false],
    ['a user named like the group is not in it', { subjects: [['group:admins']] }, { user: { username: 'admins', groups: [] } }, false],
    ['user without groups', { subjects: [['group:family']] }, { user: { username: 'anna', groups: [] } }, false],
    // Combined
    [
      'everything matches',
      {
        domains: ['*.example.com'],
        methods: ['GET'],
        paths: [{ kind: 'prefix', value: '/api/' }],
        networks: ['10.0.0.0/8'],
        subjects: [['group:family']],
      },
      { path: '/api/x' },
      true,
    ],
  ];

  it.each(cases)('%s', (_, fields, request, expected) => {
    expect(matches(fields, request)).toBe(expected);
  });

  const all: Partial<TRuleInput> = {
    domains: ['*.example.com'],
    methods: ['GET'],
    paths: [{ kind: 'prefix', value: '/api/' }],
    networks: ['10.0.0.0/8'],
    subjects: [['group:family']],
  };
  it.each<[string, Partial<TRequestFacts>]>([
    ['domain', { host: 'app.example.org' }],
    ['method', { method: 'POST' }],
    ['path', { path: '/admin/' }],
    ['network', { clientIp: '192.168.1.1' }],
    ['subjects', { user: { username: 'bob', groups: [] } }],
  ])('everything but the %s matches: no match', (_, request) => {
    expect(matches(all, { path: '/api/x', ...request })).toBe(false);
  });
});

describe('evaluateRules, order and defaults', () => {
  it.each(POLICIES)('applies the default policy %s when nothing matches', (policy) => {
    const set = compileRules([rule(1, { domains: ['other.example.com'], policy: 'bypass' })]);
    expect(evaluateRules(set, facts(), policy)).toEqual({ policy, rule: null, needsIdentity: false, trace: [] });
  });

  it.each(POLICIES)('applies the default policy %s with no rules at all', (policy) => {
    expect(evaluateRules(compileRules([]), facts(), policy).policy).toBe(policy);
  });

  it.each(POLICIES)('applies the matching rule’s policy %s', (policy) => {
    expect(evaluateRules(compileRules([rule(1, { policy })]), facts(), policy === 'deny' ? 'bypass' : 'deny')).toEqual({
      policy,
      rule: { id: 'r1', position: 1 },
      needsIdentity: false,
      trace: [],
    });
  });

  const ordered = compileRules([
    rule(3, { policy: 'one_factor' }),
    rule(1, { paths: [{ kind: 'prefix', value: '/admin/' }], policy: 'deny' }),
    rule(2, { paths: [{ kind: 'prefix', value: '/' }], methods: ['GET'], policy: 'bypass' }),
  ]);

  it('the first matching rule wins, in position order', () => {
    expect(evaluateRules(ordered, facts({ path: '/admin/users' }), 'deny').rule).toEqual({ id: 'r1', position: 1 });
    expect(evaluateRules(ordered, facts({ path: '/admin/users' }), 'deny').policy).toBe('deny');
    expect(evaluateRules(ordered, facts({ path: '/documents/' }), 'deny').policy).toBe('bypass');
    expect(evaluateRules(ordered, facts({ path: '/documents/', method: 'POST' }), 'deny').policy).toBe('one_factor');
  });

  it('decides the last of 500 rules when only it matches', () => {
    const rules = Array.from({ length: 500 }, (_, i) =>
      i === 499 ? rule(500, { domains: ['target.example.com'], policy: 'bypass' }) : rule(i + 1, { domains: [`host${i}.example.com`], policy: 'deny' }),
    );
    const set = compileRules(rules.reverse());
    expect(evaluateRules(set, facts({ host: 'target.example.com' }), 'two_factor')).toEqual({
      policy: 'bypass',
      rule: { id: 'r500', position: 500 },
      needsIdentity: false,
      trace: [],
    });
    expect(evaluateRules(set, facts({ host: 'target.example.com' }), 'two_factor', { explain: true }).trace).toHaveLength(500);
    expect(evaluateRules(set, facts({ host: 'nowhere.example.com' }), 'two_factor').rule).toBeNull();
  });

  it('does not change the facts it is given', () => {
    const request = facts({ host: 'APP.example.com:443', method: 'get' });
    const copy = structuredClone(request);
    evaluateRules(compileRules([rule(1, { domains: ['app.example.com'] })]), request, 'deny', { explain: true });
    expect(request).toEqual(copy);
  });
});

describe('evaluateRules for anonymous requests', () => {
  const anonymous = facts({ user: null });

  it('asks for a sign-in when only the subjects are left to decide', () => {
    const set = compileRules([rule(1, { domains: ['app.example.com'], subjects: [['group:family']], policy: 'two_factor' })]);
    expect(evaluateRules(set, anonymous, 'deny')).toEqual({ policy: 'one_factor', rule: { id: 'r1', position: 1 }, needsIdentity: true, trace: [] });
  });

  it.each(POLICIES)('asks for a sign-in whatever the rule’s policy (%s)', (policy) => {
    const set = compileRules([rule(1, { subjects: [['user:anna']], policy })]);
    expect(evaluateRules(set, anonymous, 'bypass')).toMatchObject({ policy: 'one_factor', needsIdentity: true });
  });

  it('stops there: a later rule that would let the anonymous request pass is not reached', () => {
    const set = compileRules([rule(1, { subjects: [['group:admins']], policy: 'deny' }), rule(2, { policy: 'bypass' })]);
    expect(evaluateRules(set, anonymous, 'deny')).toMatchObject({ policy: 'one_factor', rule: { id: 'r1' }, needsIdentity: true });
  });

  it('passes over a rule with subjects that fails on something else', () => {
    const set = compileRules([rule(1, { domains: ['other.example.com'], subjects: [['group:family']] }), rule(2, { policy: 'bypass' })]);
    expect(evaluateRules(set, anonymous, 'deny')).toMatchObject({ policy: 'bypass', rule: { id: 'r2' }, needsIdentity: false });
  });

  it('matches a rule without subjects, which is for anyone', () => {
    const set = compileRules([rule(1, { domains: ['app.example.com'], policy: 'bypass' })]);
    expect(evaluateRules(set, anonymous, 'deny')).toEqual({ policy: 'bypass', rule: { id: 'r1', position: 1 }, needsIdentity: false, trace: [] });
  });

  it('gives a signed-in user the rule itself instead', () => {
    const set = compileRules([rule(1, { subjects: [['group:family']], policy: 'two_factor' })]);
    expect(evaluateRules(set, facts(), 'deny')).toMatchObject({ policy: 'two_factor', needsIdentity: false });
    expect(evaluateRules(set, facts({ user: { username: 'bob', groups: [] } }), 'deny')).toMatchObject({ policy: 'deny', rule: null, needsIdentity: false });
  });
});

describe('evaluateRules with explain', () => {
  const set = compileRules([
    rule(1, { domains: ['*.other.org'], policy: 'bypass' }),
    rule(2, { methods: ['GET', 'HEAD'], policy: 'bypass' }),
    rule(3, { networks: ['10.0.0.0/8'], policy: 'bypass' }),
    rule(4, { paths: [{ kind: 'prefix', value: '/api/' }], policy: 'two_factor' }),
    rule(5, { policy: 'deny' }),
  ]);
  const request = facts({ host: 'paperless.example.com', method: 'POST', clientIp: '203.0.113.9', path: '/api/documents/' });

  it('says why each rule before the match did not match, and stops at the match', () => {
    expect(evaluateRules(set, request, 'deny', { explain: true })).toEqual({
      policy: 'two_factor',
      rule: { id: 'r4', position: 4 },
      needsIdentity: false,
      trace: [
        { id: 'r1', position: 1, matched: false, reasons: ['domain paperless.example.com is not in [*.other.org]'] },
        { id: 'r2', position: 2, matched: false, reasons: ['method POST is not in [GET, HEAD]'] },
        { id: 'r3', position: 3, matched: false, reasons: ['client 203.0.113.9 is not in [10.0.0.0/8]'] },
        { id: 'r4', position: 4, matched: true, reasons: ['matched'] },
      ],
    });
  });

  it('decides the same with and without explain, and leaves the trace empty without it', () => {
    const plain = evaluateRules(set, request, 'deny');
    const explained = evaluateRules(set, request, 'deny', { explain: true });
    expect(plain).toEqual({ ...explained, trace: [] });
    expect(evaluateRules(set, request, 'deny', { explain: false }).trace).toEqual([]);
  });

  it('lists every reason a rule fails, not just the first', () => {
    const many = compileRules([
      rule(1, {
        domains: ['a.example.com', '*.example.org'],
        methods: ['GET'],
        networks: ['10.0.0.0/8', '2001:db8::/32'],
        paths: [
          { kind: 'prefix', value: '/api/' },
          { kind: 'regex', value: '^/v2/' },
        ],
        subjects: [['group:admins'], ['user:bob', 'group:family']],
      }),
    ]);
    const result = evaluateRules(many, facts({ host: 'App.Example.com:8443', method: 'delete', clientIp: null, path: '/admin/', query: 'x=1' }), 'deny', {
      explain: true,
    });
    expect(result.trace).toEqual([
      {
        id: 'r1',
        position: 1,
        matched: false,
        reasons: [
          'domain app.example.com is not in [a.example.com, *.example.org]',
          'method DELETE is not in [GET]',
          'client (unknown address) is not in [10.0.0.0/8, 2001:db8::/32]',
          'path /admin/ does not start with /api/ (ignoring case), and /admin/?x=1 does not match ^/v2/ (ignoring case)',
          'user anna is not in any subject group (group:admins or (user:bob and group:family))',
        ],
      },
    ]);
  });

  it('explains paths and subjects', () => {
    const result = evaluateRules(
      compileRules([
        rule(1, { paths: [{ kind: 'prefix', value: '/api/' }] }),
        rule(2, {
          paths: [
            { kind: 'regex', value: '^/api/' },
            { kind: 'regex', value: 'download' },
          ],
        }),
        rule(3, { subjects: [['group:admins']] }),
      ]),
      facts({ path: '/admin/' }),
      'deny',
      { explain: true },
    );
    expect(result.trace.map((entry) => entry.reasons)).toEqual([
      ['path /admin/ does not start with /api/ (ignoring case)'],
      ['/admin/ does not match ^/api/ or download (ignoring case)'],
      ['user anna is not in any subject group (group:admins)'],
    ]);
  });

  it('explains an anonymous request that must sign in', () => {
    const result = evaluateRules(compileRules([rule(1, { subjects: [['group:family'], ['user:anna']] })]), facts({ user: null }), 'deny', { explain: true });
    expect(result).toMatchObject({ policy: 'one_factor', needsIdentity: true });
    expect(result.trace).toEqual([
      { id: 'r1', position: 1, matched: false, reasons: ['nobody is signed in, and the rule is only for group:family or user:anna: sign-in needed'] },
    ]);
  });

  it('explains an anonymous request that fails on more than the subjects without asking for a sign-in', () => {
    const result = evaluateRules(compileRules([rule(1, { methods: ['GET'], subjects: [['group:family']] })]), facts({ user: null, method: 'PUT' }), 'deny', {
      explain: true,
    });
    expect(result).toMatchObject({ policy: 'deny', rule: null, needsIdentity: false });
    expect(result.trace[0]!.reasons).toEqual(['method PUT is not in [GET]', 'nobody is signed in, and the rule is only for group:family: sign-in needed']);
  });
});

describe('evaluateRules with a broken stored rule', () => {
  const set = compileRules([
    rule(1, { domains: ['app.example.com'], paths: [{ kind: 'regex', value: '^/(api' }], policy: 'bypass' }),
    // Lookahead: valid in JavaScript, not in RE2 (a rule stored before regexes were RE2).
    rule(2, {
      domains: ['other.example.com'],
      paths: [
        { kind: 'prefix', value: '/api/' },
        { kind: 'regex', value: '^/api/(?!admin)' },
      ],
      policy: 'bypass',
    }),
    rule(3, { domains: ['app.example.com', 'other.example.com'], policy: 'bypass' }),
  ]);

  it('lists the problems', () => {
    expect(set.problems.map((problem) => problem.id)).toEqual(['r1', 'r2']);
  });

  it.each(['/api/', '/(api', '/api/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '/anything'])(
    'denies every request to its domains (%s), failing closed instead of falling through to a later bypass',
    (path) => {
      expect(evaluateRules(set, facts({ host: 'app.example.com', path }), 'bypass')).toMatchObject({ policy: 'deny', rule: { id: 'r1' } });
      expect(evaluateRules(set, facts({ host: 'other.example.com', path }), 'bypass')).toMatchObject({ policy: 'deny', rule: { id: 'r2' } });
    },
  );

  it('leaves other domains alone', () => {
    expect(evaluateRules(set, facts({ host: 'elsewhere.example.com', path: '/api/' }), 'one_factor')).toMatchObject({ policy: 'one_factor', rule: null });
  });

  it('a broken deny rule still denies (its unreadable part counts as "any")', () => {
    const broken = compileRules([rule(1, { networks: ['10.0.0.0/99'], policy: 'deny' }), rule(2, { policy: 'bypass' })]);
    expect(evaluateRules(broken, facts({ clientIp: '192.0.2.1' }), 'bypass')).toMatchObject({ policy: 'deny', rule: { id: 'r1' } });
  });
});

describe('the host index gives the same decisions as trying every rule', () => {
  it('agrees with the explained (full) evaluation on many requests', () => {
    const hosts = ['a.example.com', 'b.example.com', 'c.example.org', 'x.a.example.com', 'example.com'];
    const policies = ['bypass', 'one_factor', 'two_factor', 'deny'] as const;
    let seed = 7;
    const pick = <T>(items: readonly T[]): T => items[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % items.length]!;
    const rules = Array.from({ length: 60 }, (_, i) =>
      rule(i + 1, {
        domains: pick([[], ['a.example.com'], ['b.example.com', 'c.example.org'], ['*.example.com'], ['example.com']]),
        methods: pick([[], ['GET'], ['POST']]),
        paths: pick([[], [{ kind: 'prefix' as const, value: '/api/' }]]),
        subjects: pick([[], [['group:family']]]),
        policy: pick(policies),
      }),
    );
    const set = compileRules(rules);
    for (const host of hosts) {
      for (const method of ['GET', 'POST']) {
        for (const path of ['/', '/api/x']) {
          for (const user of [null, ANNA]) {
            const request = facts({ host, method, path, user });
            const fast = evaluateRules(set, request, 'deny');
            const full = evaluateRules(set, request, 'deny', { explain: true });
            expect({ policy: fast.policy, rule: fast.rule, needsIdentity: fast.needsIdentity }).toEqual({
              policy: full.policy,
              rule: full.rule,
              needsIdentity: full.needsIdentity,
            });
          }
        }
      }
    }
  });
});

describe('path prefixes ignore ASCII case, and nothing else', () => {
  const CHARS = [...'aAbBxX09-._~/'];
  const text = (max: number) => fc.string({ unit: fc.constantFrom(...CHARS), maxLength: max });
  /** Flips the case of some letters, so matches across case are frequent. */
  const recase = (value: string, flips: boolean[]) =>
    [...value].map((char, i) => (flips[i % Math.max(1, flips.length)] ? char.toUpperCase() : char.toLowerCase())).join('');

  it('a prefix matches exactly when the lower-cased path starts with the lower-cased prefix', () => {
    fc.assert(
      fc.property(text(12), text(12), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean(), (prefixTail, pathTail, flips, related) => {
        const prefix = `/${prefixTail}`;
        // Half the time the path starts with the prefix in another case, otherwise it is unrelated.
        const path = related ? `${recase(prefix, flips)}${pathTail}` : `/${pathTail}`;
        fc.pre(!prefix.includes('//') && !/\/\.\.?\//.test(prefix));
        expect(matches({ paths: [{ kind: 'prefix', value: prefix }] }, { path })).toBe(path.toLowerCase().startsWith(prefix.toLowerCase()));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('regexes tested through the rule set’s RE2 set decide as when tested one by one', () => {
  it('agrees on many requests', () => {
    const regexes = ['^/api/', '^/api/v[0-9]+/', '\\.php$', 'download=true', '^/(static|media)/.+\\.(css|js)$', '^/Admin'];
    const rules = regexes.map((value, i) =>
      rule(i + 1, {
        paths: [{ kind: 'regex', value }, ...(i % 2 ? [{ kind: 'prefix' as const, value: '/p/' }] : [])],
        policy: (['bypass', 'deny', 'one_factor'] as const)[i % 3],
      }),
    );
    const withSet = compileRules(rules);
    expect(withSet.regexSet).not.toBeNull();
    const oneByOne = { ...withSet, regexSet: null };
    for (const path of ['/', '/api/', '/API/V2/x', '/x.php', '/static/a.css', '/media/', '/admin', '/p/q', '/documents/1/']) {
      for (const query of ['', 'download=true', 'a=.php']) {
        const request = facts({ path, query });
        const [a, b] = [evaluateRules(withSet, request, 'deny'), evaluateRules(oneByOne, request, 'deny')];
        expect(a, `${path}?${query}`).toEqual(b);
        expect(evaluateRules(withSet, request, 'deny', { explain: true })).toEqual(evaluateRules(oneByOne, request, 'deny', { explain: true }));
      }
    }
  });
});
