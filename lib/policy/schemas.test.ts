import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { HTTP_METHODS, ZDefaultPolicy, ZDomain, ZMethod, ZNetwork, ZPathMatcher, ZRuleInput, ZSubject } from './schemas';
import type { TRuleInput } from './types';

function errors(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.data)}`);
  return result.error.issues.map((issue) => issue.message);
}

const error = (schema: z.ZodType, input: unknown) => errors(schema, input)[0];

const RULE: TRuleInput = {
  description: 'Paperless for the family',
  domains: ['paperless.example.com'],
  paths: [{ kind: 'prefix', value: '/api/' }],
  methods: ['GET'],
  subjects: [['group:family']],
  networks: ['10.0.0.0/8'],
  policy: 'two_factor',
};

const HOSTILE = 'x'.repeat(10_000);

describe('ZRuleInput', () => {
  it('infers TRuleInput', () => {
    expectTypeOf<z.output<typeof ZRuleInput>>().toExtend<TRuleInput>();
    expectTypeOf<TRuleInput>().toExtend<z.output<typeof ZRuleInput>>();
  });

  it('accepts a full rule unchanged', () => {
    expect(ZRuleInput.parse(RULE)).toEqual(RULE);
  });

  it('accepts the rule that matches everything', () => {
    const any = { description: '', domains: [], paths: [], methods: [], subjects: [], networks: [], policy: 'deny' };
    expect(ZRuleInput.parse(any)).toEqual(any);
  });

  it('normalizes case and surrounding spaces', () => {
    const parsed = ZRuleInput.parse({
      ...RULE,
      description: '  Paperless  ',
      domains: [' Paperless.Example.COM ', '*.Example.com'],
      methods: ['get', ' Propfind '],
      subjects: [['User:Anna', ' GROUP:Family ']],
      networks: [' 10.0.0.0/8 '],
    });
    expect(parsed).toMatchObject({
      description: 'Paperless',
      domains: ['paperless.example.com', '*.example.com'],
      methods: ['GET', 'PROPFIND'],
      subjects: [['user:anna', 'group:family']],
      networks: ['10.0.0.0/8'],
    });
  });

  it('drops unknown keys', () => {
    expect(ZRuleInput.parse({ ...RULE, id: 'x', position: 3 })).toEqual(RULE);
  });

  it.each(['description', 'domains', 'paths', 'methods', 'subjects', 'networks', 'policy'] as const)('requires %s', (key) => {
    const { [key]: _, ...rest } = RULE;
    expect(ZRuleInput.safeParse(rest).success).toBe(false);
  });

  it.each([
    ['domains', Array.from({ length: 51 }, (_, i) => `a${i}.example.com`), 'At most 50 domains.'],
    ['paths', Array.from({ length: 51 }, (_, i) => ({ kind: 'prefix', value: `/p${i}` })), 'At most 50 paths.'],
    ['methods', Array.from({ length: 51 }, () => 'GET'), 'At most 50 methods.'],
    ['networks', Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`), 'At most 50 networks.'],
    ['subjects', Array.from({ length: 51 }, (_, i) => [`user:u${i}`]), 'At most 50 subject groups.'],
    ['subjects', [Array.from({ length: 51 }, (_, i) => `user:u${i}`)], 'At most 50 subjects in a group.'],
  ])('refuses more than 50 %s', (key, value, message) => {
    expect(errors(ZRuleInput, { ...RULE, policy: 'deny', [key]: value })).toEqual([message]);
  });

  it('accepts 50 of each', () => {
    const fifty = <T>(make: (i: number) => T) => Array.from({ length: 50 }, (_, i) => make(i));
    expect(
      ZRuleInput.safeParse({
        ...RULE,
        domains: fifty((i) => `a${i}.example.com`),
        paths: fifty((i) => ({ kind: 'prefix', value: `/p${i}` })),
        methods: fifty(() => 'GET'),
        networks: fifty((i) => `10.0.0.${i}`),
        subjects: fifty((i) => fifty((j) => `user:u${i}-${j}`)),
      }).success,
    ).toBe(true);
  });

  it('refuses an empty subject group, which would match everyone', () => {
    expect(errors(ZRuleInput, { ...RULE, subjects: [['user:anna'], []] })).toEqual(['A subject group needs at least one user: or group: entry.']);
  });

  it('refuses subjects on a bypass rule', () => {
    const result = ZRuleInput.safeParse({ ...RULE, policy: 'bypass' });
    expect(result.error?.issues).toMatchObject([
      { path: ['subjects'], message: 'A bypass rule cannot have subjects: bypass lets everyone through, signed in or not.' },
    ]);
    expect(ZRuleInput.safeParse({ ...RULE, policy: 'bypass', subjects: [] }).success).toBe(true);
  });

  it.each(['allow', 'BYPASS', 'one-factor', '', null, 2])('refuses the policy %j', (policy) => {
    expect(errors(ZRuleInput, { ...RULE, policy })).toEqual(['Choose a policy: bypass, one_factor, two_factor or deny.']);
  });

  it('reports every bad field at once, each at its path', () => {
    const result = ZRuleInput.safeParse({ ...RULE, domains: ['bad domain'], methods: ['FETCH'], networks: ['10.0.0.0/33'] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['domains', 0],
      ['methods', 0],
      ['networks', 0],
    ]);
  });

  it('never echoes a 10 000-character value in a message', () => {
    const result = ZRuleInput.safeParse({
      description: HOSTILE,
      domains: [HOSTILE],
      paths: [
        { kind: 'prefix', value: `/${HOSTILE}` },
        { kind: 'regex', value: HOSTILE },
      ],
      methods: [HOSTILE],
      subjects: [[`user:${HOSTILE}`]],
      networks: [HOSTILE],
      policy: HOSTILE,
    });
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toHaveLength(8);
    for (const message of messages) expect(message.length).toBeLessThan(200);
  });
});

describe('ZRuleInput description', () => {
  const description = (value: unknown) => ZRuleInput.shape.description.safeParse(value);

  it('accepts up to 200 characters, and an empty one', () => {
    expect(description('x'.repeat(200)).success).toBe(true);
    expect(description('').success).toBe(true);
    expect(description('Ünïcödé — fine 🙂').success).toBe(true);
  });

  it('refuses more than 200 characters', () => {
    expect(error(ZRuleInput.shape.description, 'x'.repeat(201))).toBe('A description has at most 200 characters.');
    expect(errors(ZRuleInput.shape.description, HOSTILE)).toEqual(['A description has at most 200 characters.']);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['newline', 'line one\nline two'],
    ['tab', 'a\tb'],
    ['ESC', 'a\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['C1', 'a\u0085b'],
  ])('refuses a %s', (_, value) => {
    expect(error(ZRuleInput.shape.description, value)).toBe('The description contains a control character. Remove it.');
  });
});

describe('ZDomain', () => {
  it.each([
    ['app.example.com', 'app.example.com'],
    ['*.example.com', '*.example.com'],
    ['APP.Example.Com', 'app.example.com'],
    ['  app.example.com  ', 'app.example.com'],
    ['nas', 'nas'],
    ['a-b.c-d.example', 'a-b.c-d.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['10.0.0.1', '10.0.0.1'],
    [`${'a'.repeat(63)}.example.com`, `${'a'.repeat(63)}.example.com`],
  ])('accepts %j as %j', (input, output) => {
    expect(ZDomain.parse(input)).toBe(output);
  });

  it('accepts 253 characters and refuses 254, without echoing them', () => {
    const label = 'a'.repeat(61);
    const domain253 = `${label}.${label}.${label}.${label}.b`;
    expect(domain253).toHaveLength(249);
    expect(ZDomain.safeParse(`${domain253}.com`).success).toBe(true);
    expect(errors(ZDomain, `${domain253}.comx`)).toEqual(['A domain has at most 253 characters.']);
    expect(errors(ZDomain, HOSTILE)).toEqual(['A domain has at most 253 characters.']);
  });

  it.each([
    ['wildcard alone', '*'],
    ['wildcard without dot', '*example.com'],
    ['wildcard inside', 'app.*.example.com'],
    ['double wildcard', '*.*.example.com'],
    ['trailing dot', 'app.example.com.'],
    ['leading dot', '.example.com'],
    ['empty label', 'app..example.com'],
    ['label starting with a dash', '-app.example.com'],
    ['label ending with a dash', 'app-.example.com'],
    ['64-character label', `${'a'.repeat(64)}.example.com`],
    ['underscore', 'my_app.example.com'],
    ['port', 'app.example.com:8443'],
    ['scheme', 'https://app.example.com'],
    ['path', 'app.example.com/admin'],
    ['space', 'app example.com'],
    ['unicode', 'bücher.example'],
    ['IPv6 literal', '[::1]'],
    ['NUL', 'app\u0000.example.com'],
    ['newline', 'app.example.com\nevil.com'],
  ])('refuses a %s', (_, input) => {
    expect(error(ZDomain, input)).toMatch(/is not a domain\. Use a hostname such as app\.example\.com, or \*\.example\.com/);
  });

  it('quotes the refused domain', () => {
    expect(error(ZDomain, 'Bad Domain')).toBe('"bad domain" is not a domain. Use a hostname such as app.example.com, or *.example.com for all its subdomains.');
  });

  it('asks for a domain when empty', () => {
    expect(error(ZDomain, '   ')).toBe('Enter a domain.');
    expect(error(ZDomain, 42)).toBe('Enter a domain.');
  });
});

describe('ZPathMatcher', () => {
  it.each([
    { kind: 'prefix', value: '/' },
    { kind: 'prefix', value: '/api/' },
    { kind: 'prefix', value: '/api' },
    { kind: 'prefix', value: '/a%20b/' },
    { kind: 'prefix', value: `/${'x'.repeat(511)}` },
    { kind: 'regex', value: '^/api/.*$' },
    { kind: 'regex', value: '^/documents/\\d+/?\\?.*download=true' },
    { kind: 'regex', value: 'token=' },
  ])('accepts %j', (path) => {
    expect(ZPathMatcher.parse(path)).toEqual(path);
  });

  it('refuses a prefix that does not start with /', () => {
    expect(error(ZPathMatcher, { kind: 'prefix', value: 'api/' })).toBe('A path prefix starts with /, such as /api/.');
    expect(error(ZPathMatcher, { kind: 'prefix', value: '' })).toBe('A path prefix starts with /, such as /api/.');
  });

  it.each(['/a b', '/a\tb', '/a\u0000b', '/a\nb'])('refuses a prefix with a space or control character: %j', (value) => {
    expect(error(ZPathMatcher, { kind: 'prefix', value })).toMatch(/cannot contain spaces or control characters/);
  });

  it.each(['/search?q=', '/page#top'])('refuses a prefix with ? or #: %j', (value) => {
    expect(error(ZPathMatcher, { kind: 'prefix', value })).toBe(
      'A path prefix cannot contain ? or #: it matches the path only. Use a regex to match the query.',
    );
  });

  it('refuses a prefix longer than 512 characters, once', () => {
    expect(errors(ZPathMatcher, { kind: 'prefix', value: `/${HOSTILE}` })).toEqual(['A path prefix has at most 512 characters.']);
  });

  it('refuses a regex that RE2 does not compile', () => {
    expect(error(ZPathMatcher, { kind: 'regex', value: '^/(api' })).toMatch(/^The regular expression is not valid RE2 syntax/);
    expect(error(ZPathMatcher, { kind: 'regex', value: '^/api/(?!admin)' })).toMatch(/RE2 has no lookahead, lookbehind or backreferences/);
  });

  it('refuses a regex longer than 512 characters', () => {
    expect(errors(ZPathMatcher, { kind: 'regex', value: HOSTILE })).toEqual(['A regular expression can have at most 512 characters.']);
  });

  it.each(['(a+)+$', '(x|x)*y', '^(([a-z])+.)+[A-Z]([a-z])+$'])('accepts %j, catastrophic only for a backtracking engine (RE2 is linear)', (value) => {
    expect(ZPathMatcher.parse({ kind: 'regex', value })).toEqual({ kind: 'regex', value });
  });

  it('refuses a regex too large for RE2 to match quickly', () => {
    expect(error(ZPathMatcher, { kind: 'regex', value: 'a.{500}x' })).toMatch(/^The regular expression is too large/);
  });

  it.each<[string, RegExp]>([
    ['/caf\u00e9', /non-ASCII characters; write them percent-encoded as UTF-8/],
    ['/a\\b', /backslash/],
    ['/a%5cb', /backslash/],
    ['/api%2Ftoken', /encoded slash/],
    ['/admin;x', /path parameters/],
    ['/a%zz', /% that is not followed by two hex digits/],
    ['/a%0a', /encoded control character/],
    ['//admin', /empty segment/],
    ['/a/../b', /dot segment/],
    ['/a/%2e%2E/b', /dot segment/],
    ['/./', /dot segment/],
  ])('refuses a prefix that can never match a path the verify endpoint accepts: %j', (value, message) => {
    expect(error(ZPathMatcher, { kind: 'prefix', value })).toMatch(message);
  });

  it.each(['/a/.', '/a/..', '/.well-known/', '/a/...', '/%7Euser/', '/caf%C3%A9'])('accepts the prefix %j (a prefix may end inside a segment)', (value) => {
    expect(ZPathMatcher.parse({ kind: 'prefix', value })).toEqual({ kind: 'prefix', value });
  });

  it.each([{ kind: 'glob', value: '/api/*' }, { value: '/api/' }, '/api/', null])('refuses the shape %j', (path) => {
    expect(error(ZPathMatcher, path)).toBe('A path is a prefix or a regex.');
  });
});

describe('ZMethod', () => {
  it.each(HTTP_METHODS)('accepts %s', (method) => {
    expect(ZMethod.parse(method)).toBe(method);
    expect(ZMethod.parse(method.toLowerCase())).toBe(method);
  });

  it('covers the standard and WebDAV methods', () => {
    expect(HTTP_METHODS).toEqual([
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
      'CONNECT',
      'TRACE',
      'PROPFIND',
      'PROPPATCH',
      'MKCOL',
      'COPY',
      'MOVE',
      'LOCK',
      'UNLOCK',
      'REPORT',
    ]);
  });

  it.each(['FETCH', 'SEARCH', 'G ET', '', '*', 'GET,POST', 'get\u0000'])('refuses %j', (method) => {
    expect(error(ZMethod, method)).toMatch(/is not an HTTP method\. Use one of GET, HEAD, POST/);
  });

  it('refuses a 10 000-character method without echoing it', () => {
    expect(errors(ZMethod, HOSTILE)).toEqual(['That is not an HTTP method.']);
  });
});

describe('ZSubject', () => {
  it.each([
    ['user:anna', 'user:anna'],
    ['group:family', 'group:family'],
    ['User:Anna.Berg', 'user:anna.berg'],
    ['group:paperless_users-2', 'group:paperless_users-2'],
    [`user:${'a'.repeat(64)}`, `user:${'a'.repeat(64)}`],
    ['  group:x  ', 'group:x'],
  ])('accepts %j as %j', (input, output) => {
    expect(ZSubject.parse(input)).toBe(output);
  });

  it.each([
    'anna',
    'user:',
    'user: anna',
    'user:.anna',
    'user:-anna',
    'user:anna berg',
    'user:anna@example.com',
    'role:admin',
    'oauth2:client:paperless',
    'group:*',
    `user:${'a'.repeat(65)}`,
    'user:jürgen',
    'user:an\u0000na',
  ])('refuses %j', (input) => {
    expect(error(ZSubject, input)).toMatch(/is not a subject\. Use user:<username> or group:<groupname>/);
  });

  it('refuses a 10 000-character subject without echoing it', () => {
    expect(errors(ZSubject, `group:${HOSTILE}`)).toEqual(['A subject has at most 70 characters.']);
  });
});

describe('ZNetwork', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.10', '192.168.1.10'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['::1', '::1'],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104'],
    [' 172.16.0.0/12 ', '172.16.0.0/12'],
  ])('accepts %j as %j', (input, output) => {
    expect(ZNetwork.parse(input)).toBe(output);
  });

  it.each(['10.0.0.0/33', '::1/129', '999.1.1.1', '10', '10/8', '10.0.0.0/8/8', 'lan', 'example.com', '10.0.0.0 /8', ''])('refuses %j', (input) => {
    expect(error(ZNetwork, input)).toMatch(/is not an IP address or CIDR range, such as 192\.168\.1\.0\/24 or 2001:db8::\/32\./);
  });

  it('refuses a 10 000-character network without echoing it', () => {
    expect(errors(ZNetwork, HOSTILE)).toEqual(['A network has at most 64 characters.']);
  });
});

describe('ZDefaultPolicy', () => {
  it.each(['bypass', 'one_factor', 'two_factor', 'deny'])('accepts %s', (policy) => {
    expect(ZDefaultPolicy.parse(policy)).toBe(policy);
  });

  it.each(['allow', 'Deny', '', null])('refuses %j', (policy) => {
    expect(error(ZDefaultPolicy, policy)).toBe('Choose a policy: bypass, one_factor, two_factor or deny.');
  });
});
