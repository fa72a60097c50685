import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTarget, MAX_TARGET_HEADER_LENGTH, type Target, type TargetResult } from './forwarded-request';
import type { HeaderBag } from './headers';

/** Headers as a list of [name, value] pairs, so duplicates can be expressed. */
function bag(pairs: [string, string][]): HeaderBag {
  return {
    get: (name) => {
      const values = pairs.filter(([n]) => n === name).map(([, v]) => v);
      return values.length ? values.join(', ') : null;
    },
    count: (name) => pairs.filter(([n]) => n === name).length,
  };
}

const forwarded = (extra: [string, string][] = []): [string, string][] => [
  ['x-forwarded-proto', 'https'],
  ['x-forwarded-host', 'paperless.example.com'],
  ['x-forwarded-uri', '/documents/?page=2'],
  ['x-forwarded-method', 'GET'],
  ...extra,
];

const original = (url: string, method = 'GET') =>
  readTarget(
    bag([
      ['x-original-url', url],
      ['x-original-method', method],
    ]),
    'auth-request',
  );
const forwardAuth = (host: string, uri: string, proto = 'https') =>
  readTarget(
    bag([
      ['x-forwarded-proto', proto],
      ['x-forwarded-host', host],
      ['x-forwarded-uri', uri],
      ['x-forwarded-method', 'GET'],
    ]),
    'forward-auth',
  );

describe('readTarget (auth-request)', () => {
  it('reads X-Original-URL and X-Original-Method', () => {
    const result = readTarget(
      bag([
        ['x-original-url', 'https://Paperless.Example.com:8443/api/documents/?q=a'],
        ['x-original-method', 'post'],
      ]),
      'auth-request',
    );
    expect(result).toEqual({
      ok: true,
      target: {
        url: 'https://paperless.example.com:8443/api/documents/?q=a',
        scheme: 'https',
        host: 'paperless.example.com',
        port: '8443',
        path: '/api/documents/',
        query: 'q=a',
        method: 'POST',
      },
    });
  });

  it('defaults the method to GET and accepts a URL without a path', () => {
    const result = readTarget(bag([['x-original-url', 'http://app.example.com']]), 'auth-request');
    expect(result.ok && result.target).toMatchObject({ url: 'http://app.example.com/', path: '/', method: 'GET' });
    const query = readTarget(bag([['x-original-url', 'http://app.example.com?x=1']]), 'auth-request');
    expect(query.ok && query.target).toMatchObject({ url: 'http://app.example.com/?x=1', path: '/', query: 'x=1' });
  });

  it('falls back to the X-Forwarded-* set (the legacy Authelia nginx snippet sends both)', () => {
    const result = readTarget(bag(forwarded()), 'auth-request');
    expect(result.ok && result.target.url).toBe('https://paperless.example.com/documents/?page=2');
  });

  it('decodes percent-encoded unreserved characters and upper-cases other escapes (one spelling for the rules)', () => {
    const cases: [string, string][] = [
      ['https://a.example.com/%61dmin/', '/admin/'],
      ['https://a.example.com/%7Euser/%7e', '/~user/~'],
      ['https://a.example.com/caf%c3%a9', '/caf%C3%A9'],
      ['https://a.example.com/a%20b/%3f%23%25', '/a%20b/%3F%23%25'],
      ['https://a.example.com/.well-known/x', '/.well-known/x'],
      ['https://a.example.com/a/...', '/a/...'],
      ['https://a.example.com/a/.x/..y/x..', '/a/.x/..y/x..'],
    ];
    for (const [url, path] of cases) {
      const result = original(url);
      expect(result.ok && result.target.path, url).toBe(path);
    }
  });

  it('drops the default port and one trailing dot, and reads IP literals', () => {
    expect(original('https://A.Example.COM.:443/').ok && (original('https://A.Example.COM.:443/') as { target: Target }).target.url).toBe(
      'https://a.example.com/',
    );
    expect(original('http://a.example.com:80/x').ok && (original('http://a.example.com:80/x') as { target: Target }).target.url).toBe('http://a.example.com/x');
    expect(original('http://a.example.com:0080/x').ok && (original('http://a.example.com:0080/x') as { target: Target }).target.port).toBe('');
    expect(original('http://192.168.1.20:8000/').ok && (original('http://192.168.1.20:8000/') as { target: Target }).target).toMatchObject({
      host: '192.168.1.20',
      port: '8000',
    });
    expect(original('http://[0:0::1]/').ok && (original('http://[0:0::1]/') as { target: Target }).target.host).toBe('[::1]');
  });

  // Each of these was judged as something else than what an upstream receives before (issue 12).
  it.each<[string, string, RegExp]>([
    ['userinfo before the real host', 'https://public.example.test@paperless.example.test/documents/', /user information/],
    ['credentials', 'https://user:pw@app.example.com/', /user information/],
    ['a fragment', 'https://app.example.com/a#frag', /#/],
    ['a fragment in the authority', 'https://app.example.com#@evil.example/', /user information|host name cannot have/],
    ['a fragment in the query', 'https://app.example.com/a?x=1#frag', /#/],
    ['a dot-dot segment', 'https://a.example.com/admin/../x', /dot segment/],
    ['an encoded dot-dot segment', 'https://a.example.com/admin/%2e%2e/x', /dot segment/],
    ['a mixed dot-dot segment', 'https://a.example.com/admin/.%2E/x', /dot segment/],
    ['a trailing dot-dot', 'https://a.example.com/admin/..', /dot segment/],
    ['a trailing dot', 'https://a.example.com/admin/.', /dot segment/],
    ['a dot segment first', 'https://a.example.com/./admin', /dot segment/],
    ['backslash dot segments', 'https://a.example.com/admin/x\\..\\..\\y', /backslash/],
    ['an encoded backslash', 'https://a.example.com/admin%5c..%5cx', /backslash/],
    ['an encoded slash', 'https://a.example.com/api/token%2F', /encoded slash/],
    ['an encoded slash inside a segment', 'https://a.example.com/api%2ftoken/', /encoded slash/],
    ['path parameters', 'https://a.example.com/admin;x/', /;/],
    ['an empty segment', 'https://a.example.com//admin', /empty segment/],
    ['an empty segment later', 'https://a.example.com/a//b', /empty segment/],
    ['a lone %', 'https://a.example.com/a%', /%/],
    ['a bad escape', 'https://a.example.com/a%g0', /%/],
    ['a short escape', 'https://a.example.com/a%2', /%/],
    ['an encoded NUL', 'https://a.example.com/a%00', /control/],
    ['an encoded DEL', 'https://a.example.com/a%7F', /control/],
    ['an empty label', 'https://paperless..example.test/', /empty label/],
    ['a leading dot', 'https://.example.test/', /empty label/],
    ['two trailing dots', 'https://a.example.test../', /empty label/],
    ['an escape in the host', 'https://%2e%2e.example.test/', /host name cannot have/],
    ['an underscore in the host', 'https://app_example.com/', /host name cannot have/],
    ['a leading hyphen', 'https://-a.example.com/', /hyphen/],
    ['a trailing hyphen', 'https://a-.example.com/', /hyphen/],
    ['a 64-character label', `https://${'a'.repeat(64)}.example.com/`, /63/],
    ['a 254-character host', `https://${`${'a'.repeat(50)}.`.repeat(5)}abc/`, /253/],
    ['a short numeric host', 'https://127.1/', /IPv4/],
    ['a hex host', 'https://0x7f.0.0.1/', /IPv4/],
    ['an octal-looking host', 'https://017.0.0.1/', /IPv4/],
    ['an out-of-range IPv4', 'https://256.1.1.1/', /IPv4/],
    ['an IPv6 literal that is not one', 'https://[::g]/', /IPv6/],
    ['an IPv6 zone', 'https://[fe80::1%25eth0]/', /IPv6/],
    ['port 0', 'https://a.example.com:0/', /port/],
    ['port 65536', 'https://a.example.com:65536/', /port/],
    ['an empty port', 'https://a.example.com:/', /port/],
    ['a named port', 'https://a.example.com:https/', /port/],
    ['a scheme-relative URL', '//evil.example/', /absolute/],
    ['a relative URL', '/documents/', /absolute/],
    ['another scheme', 'ftp://app.example.com/', /scheme/],
    ['javascript:', 'javascript:alert(1)', /absolute/],
    ['a space', 'https://app.example.com/a b', /spaces, control or non-ASCII/],
    ['a control character', 'https://app.example.com/\u0007', /spaces, control or non-ASCII/],
    ['a newline', 'https://app.example.com/\r\nX-Injected: 1', /spaces, control or non-ASCII/],
    ['non-ASCII in the path', 'https://app.example.com/é', /spaces, control or non-ASCII/],
    ['a Cyrillic host', 'https://pаperless.example.test/', /spaces, control or non-ASCII/],
    ['non-ASCII in the query', 'https://app.example.com/?q=é', /spaces, control or non-ASCII/],
  ])('refuses %s, saying why', (_name, url, reason) => {
    const result = original(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each<[string, [string, string][]]>([
    ['nothing at all', []],
    ['an over-long value', [['x-original-url', `https://app.example.com/${'a'.repeat(MAX_TARGET_HEADER_LENGTH)}`]]],
    [
      'a duplicated X-Original-URL',
      [
        ['x-original-url', 'https://a.example.com/'],
        ['x-original-url', 'https://b.example.com/'],
      ],
    ],
    [
      'a bad method',
      [
        ['x-original-url', 'https://a.example.com/'],
        ['x-original-method', 'GET /'],
      ],
    ],
    [
      'an over-long method',
      [
        ['x-original-url', 'https://a.example.com/'],
        ['x-original-method', 'G'.repeat(21)],
      ],
    ],
    [
      'an incomplete X-Forwarded set',
      [
        ['x-forwarded-proto', 'https'],
        ['x-forwarded-host', 'a.example.com'],
      ],
    ],
  ])('refuses %s', (_name, pairs) => {
    const result = readTarget(bag(pairs), 'auth-request');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });
});

describe('readTarget: plain paths agree with the WHATWG URL parser', () => {
  it.each([
    ['/'],
    ['/documents/?page=2&sort=-created'],
    ['/a.b/c.d?x=1.2'],
    ['/.well-known/openid-configuration'],
    ['/api/search/?q=(a+b)*c!&t=1;2'],
    ['/x@y:z/~user'],
  ])('%s', (uri) => {
    const plain = forwardAuth('Paperless.Example.com:443', uri);
    const parsed = new URL(`https://paperless.example.com:443${uri}`);
    expect(plain.ok && plain.target).toEqual({
      url: parsed.href,
      scheme: 'https',
      host: 'paperless.example.com',
      port: '',
      path: parsed.pathname,
      query: parsed.search.slice(1),
      method: 'GET',
    });
  });
});

describe('readTarget (forward-auth)', () => {
  it('reads the X-Forwarded-* set', () => {
    const result = readTarget(
      bag(forwarded([['x-forwarded-method', 'DELETE']]).filter(([n, v]) => !(n === 'x-forwarded-method' && v === 'GET'))),
      'forward-auth',
    );
    expect(result.ok && result.target).toMatchObject({ host: 'paperless.example.com', path: '/documents/', query: 'page=2', method: 'DELETE' });
  });

  it('ignores X-Original-URL (that is the other flavour)', () => {
    expect(readTarget(bag([['x-original-url', 'https://a.example.com/']]), 'forward-auth').ok).toBe(false);
  });

  it.each<[string, [string, string][]]>([
    ['an unknown proto', forwarded().map(([n, v]) => (n === 'x-forwarded-proto' ? [n, 'gopher'] : [n, v]))],
    ['a URI without a leading slash', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, 'documents'] : [n, v]))],
    ['an absolute URI', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, 'https://evil.example/'] : [n, v]))],
    ['a host with a path', forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'a.example.com/x'] : [n, v]))],
    ['a host with userinfo', forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'u@a.example.com'] : [n, v]))],
    ['a list of hosts', forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'a.example.com,b.example.com'] : [n, v]))],
    ['two hosts', [...forwarded(), ['x-forwarded-host', 'evil.example']]],
    ['a 16 KiB URI', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, `/${'x'.repeat(16 * 1024)}`] : [n, v]))],
    ['a dot segment', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, '/admin/%2e./x'] : [n, v]))],
  ])('refuses %s', (_name, pairs) => {
    expect(readTarget(bag(pairs), 'forward-auth').ok).toBe(false);
  });

  it('accepts IPv6 literal hosts and ports', () => {
    const result = forwardAuth('[::1]:8080', '/');
    expect(result.ok && result.target).toMatchObject({ host: '[::1]', port: '8080', url: 'https://[::1]:8080/' });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. Through readTarget only, so the same file can be run against any implementation.

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Every way a canonical target can fail to be one; [] when it is canonical. An independent, obviously-right restatement of the spec. */
function canonicalProblems(target: Target): string[] {
  const problems: string[] = [];
  const { host, path, query } = target;
  if (host.startsWith('[')) {
    if (!/^\[[0-9a-f:.]+\]$/.test(host)) problems.push('bad IPv6 host');
  } else {
    const labels = host.split('.');
    if (host.length > 253 || host !== host.toLowerCase() || !labels.every((label) => HOST_LABEL.test(label))) problems.push('bad host');
    if (/^(?:\d+|0x[0-9a-f]*)$/.test(labels.at(-1)!) && !DOTTED_QUAD.test(host)) problems.push('numeric host');
  }
  if (target.port !== '' && !(/^[1-9]\d{0,4}$/.test(target.port) && Number(target.port) <= 65535)) problems.push('bad port');
  if ((target.scheme === 'https' && target.port === '443') || (target.scheme === 'http' && target.port === '80')) problems.push('default port kept');
  if (!path.startsWith('/')) problems.push('path start');
  if ([...path, ...query].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) >= 0x7f)) problems.push('raw byte');
  if (/[\\;#]/.test(path) || query.includes('#')) problems.push('\\ ; or #');
  if (path.includes('//')) problems.push('empty segment');
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) problems.push('dot segment');
  for (let i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) {
      problems.push('escape not two upper-case hex digits');
      continue;
    }
    const byte = parseInt(hex, 16);
    if (byte === 0x2f || byte === 0x5c) problems.push('encoded slash or backslash');
    if (byte < 0x20 || byte === 0x7f) problems.push('encoded control');
    if (UNRESERVED.test(String.fromCharCode(byte))) problems.push('escaped unreserved character');
  }
  const origin = `${target.scheme}://${host}${target.port ? `:${target.port}` : ''}`;
  if (target.url !== `${origin}${path}${query ? `?${query}` : ''}`) problems.push('url is not the parts');
  return problems;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

/** Pieces of a path segment: plain characters, escapes of every kind (in both cases), and the hostile ones. */
const SAFE_PIECE = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: pick(..."abcXYZ019-_~.!$&'()*+,=:@"), minLength: 1, maxLength: 6 }) },
  { weight: 2, arbitrary: pick('%41', '%7e', '%7E', '%2d', '%5f', '%2e', '%2E', '%c3%a9', '%C3%A9', '%20', '%3f', '%23', '%25', '%3b', '%ff') },
);
const DOT_SEGMENT = fc.array(pick('.', '%2e', '%2E'), { minLength: 1, maxLength: 2 }).map((dots) => dots.join(''));
const HOSTILE_IN_PATH = fc.oneof(
  // (A lone "%" could borrow two hex digits from what follows it and make a valid escape: "%z" cannot.)
  pick('\\', '%5c', '%5C', '%2f', '%2F', ';', ';jsessionid=1', '#', '#frag', '%z', '%g0', '%0', '%%', '%00', '%0a', '%0D', '%1f', '%7f', '%7F', '/', '//'),
  fc.integer({ min: 0, max: 0x20 }).map((code) => String.fromCharCode(code)),
  pick('\u007f', '\u0080', '\u00e9', '\u0430', '\uff0e', '\u2215', '\u00a0', '\ud83d\ude00', '\u202e'),
);

/** A path of safe segments. */
const SAFE_PATH = fc
  .array(
    fc.array(SAFE_PIECE, { minLength: 1, maxLength: 3 }).map((pieces) => pieces.join('')),
    { minLength: 0, maxLength: 5 },
  )
  .chain((segments) => pick('', '/').map((slash) => `/${segments.join('/')}${segments.length ? slash : ''}`));
const QUERY = fc.option(fc.string({ unit: pick(...'ab=&%2F?/.;:@-_~+'), maxLength: 12 }), { nil: undefined }).map((q) => (q === undefined ? '' : `?${q}`));

const LABEL = fc.string({ unit: pick(...'abcdefxyz0123456789-'), minLength: 1, maxLength: 10 });
const HOST = fc.oneof(
  { weight: 4, arbitrary: fc.array(LABEL, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')) },
  {
    weight: 1,
    arbitrary: pick(
      'App.Example.COM',
      'a.example.com.',
      '10.0.0.1',
      '255.255.255.255',
      '[::1]',
      '[2001:DB8::1]',
      '[::ffff:10.0.0.1]',
      new URL('https://p\u0430perless.example.test/').hostname,
    ),
  },
);
const PORT = fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), pick('80', '443', '0', '65536', '08080', '')), { nil: undefined });

const HOSTILE_HOST = fc.oneof(
  pick(
    'user@a.example.com',
    'a.example.com@b.example.com',
    'u:p@a.example.com',
    'a..b.example',
    '.a.example',
    'a.example..',
    '_a.example',
    'a_b.example',
    '-a.example',
    'a-.example',
    'a.-b.example',
  ),
  pick(
    '%2e%2e.example.test',
    'p\u0430perless.example.test',
    'xn--p.example\u00e9',
    'a.example\\b',
    'a.example#b',
    'a.example?b',
    'a.example/b',
    'a example',
    '[::1',
    '::1',
    '[::1]x',
    '[v1.x]',
  ),
  pick('127.1', '0x7f.0.0.1', '017.0.0.1', '1.2.3.256', '4294967295', '0x', '1.2.3.4.5', `${'a'.repeat(64)}.example`, `${'abcdefghi.'.repeat(26)}com`),
  fc
    .tuple(
      LABEL,
      HOSTILE_IN_PATH.filter((h) => h !== '/' && h !== '//'),
      LABEL,
    )
    .map(([a, h, b]) => `${a}${h}${b}.example`),
);

const METHOD = pick('GET', 'get', 'Post', 'PROPFIND');

/** A target sent either way: X-Original-URL, or the X-Forwarded set (both flavours). */
function ask(how: number, scheme: string, authority: string, uri: string, method: string): TargetResult {
  if (how === 0)
    return readTarget(
      bag([
        ['x-original-url', `${scheme}://${authority}${uri}`],
        ['x-original-method', method],
      ]),
      'auth-request',
    );
  return readTarget(
    bag([
      ['x-forwarded-proto', scheme],
      ['x-forwarded-host', authority],
      ['x-forwarded-uri', uri || '/'],
      ['x-forwarded-method', method],
    ]),
    how === 1 ? 'forward-auth' : 'auth-request',
  );
}

const HOW = fc.integer({ min: 0, max: 2 });
const SCHEME = pick('https', 'http', 'HTTPS');
const authorityOf = (host: string, port: string | undefined) => (port === undefined ? host : `${host}:${port}`);

describe('readTarget: properties', () => {
  it('every accepted target is canonical, and reading its URL again gives the same target', () => {
    fc.assert(
      fc.property(HOW, SCHEME, HOST, PORT, SAFE_PATH, QUERY, METHOD, (how, scheme, host, port, path, query, method) => {
        const result = ask(how, scheme, authorityOf(host, port), `${path}${query}`, method);
        if (!result.ok) return;
        expect(canonicalProblems(result.target)).toEqual([]);
        const again = readTarget(
          bag([
            ['x-original-url', result.target.url],
            ['x-original-method', result.target.method],
          ]),
          'auth-request',
        );
        expect(again).toEqual(result);
      }),
      { numRuns: 3000 },
    );
  });

  it('what is accepted, the WHATWG URL parser reads the same way (same host, same path once it escapes what it always escapes)', () => {
    fc.assert(
      fc.property(HOW, SCHEME, HOST, PORT, SAFE_PATH, QUERY, (how, scheme, host, port, path, query) => {
        const result = ask(how, scheme, authorityOf(host, port), `${path}${query}`, 'GET');
        if (!result.ok) return;
        const url = new URL(result.target.url);
        expect(url.hostname).toBe(result.target.host);
        expect(url.port).toBe(result.target.port);
        expect(url.pathname).toBe(result.target.path.replace(/["<>`{} ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('most generated safe targets are accepted (the generators are not vacuous)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(SCHEME, SAFE_PATH, (scheme, path) => {
        if (ask(0, scheme, 'app.example.com', path, 'GET').ok) accepted++;
      }),
      { numRuns: 500 },
    );
    // Only a path holding an %2e-spelled dot segment is refused among these.
    expect(accepted).toBeGreaterThan(400);
  });

  it('a hostile piece anywhere in a valid path makes it refused', () => {
    fc.assert(
      fc.property(HOW, SAFE_PATH, HOSTILE_IN_PATH, fc.nat(), QUERY, (how, path, hostile, at, query) => {
        const base = ask(how, 'https', 'app.example.com', path, 'GET');
        fc.pre(base.ok);
        const cut = 1 + (at % path.length);
        const spoilt = `${path.slice(0, cut)}${hostile}${path.slice(cut)}`;
        // "/" alone is harmless unless it makes "//" (then it must be refused).
        fc.pre(hostile !== '/' || spoilt.includes('//'));
        const result = ask(how, 'https', 'app.example.com', `${spoilt}${query}`, 'GET');
        expect(result.ok, spoilt).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('a dot segment in any spelling, anywhere (the last one too), makes a valid path refused', () => {
    fc.assert(
      fc.property(HOW, SAFE_PATH, DOT_SEGMENT, fc.nat(), fc.boolean(), (how, path, dots, at, trailingSlash) => {
        const segments = path.split('/');
        const index = 1 + (at % segments.length);
        segments.splice(index, 0, dots);
        const spoilt = segments.join('/').replace(/\/$/, trailingSlash ? '/' : '') || '/';
        fc.pre(!spoilt.includes('//'));
        expect(ask(how, 'https', 'app.example.com', spoilt, 'GET').ok, spoilt).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a hostile host or authority is refused', () => {
    fc.assert(
      fc.property(HOW, HOSTILE_HOST, PORT, SAFE_PATH, (how, host, port, path) => {
        // In X-Original-URL, "/" and "?" legitimately end the authority: hostile in X-Forwarded-Host only.
        fc.pre(how !== 0 || !/[/?]/.test(host));
        expect(ask(how, 'https', authorityOf(host, port), path, 'GET').ok, host).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('long values are refused at the limit, and scanned in linear time below it', () => {
    fc.assert(
      fc.property(HOW, fc.integer({ min: MAX_TARGET_HEADER_LENGTH + 1, max: 4 * MAX_TARGET_HEADER_LENGTH }), (how, length) => {
        expect(ask(how, 'https', 'app.example.com', `/${'a/'.repeat(length)}`, 'GET').ok).toBe(false);
      }),
      { numRuns: 50 },
    );
    // Worst cases for a backtracking scanner: long runs of dots, escapes and slashes. They finish (and are judged).
    expect(ask(0, 'https', 'app.example.com', `/${'.%2e'.repeat(1900)}x`, 'GET').ok).toBe(true);
    expect(ask(0, 'https', 'app.example.com', `/${'%'.repeat(7000)}`, 'GET').ok).toBe(false);
    expect(ask(1, 'https', `${'a.'.repeat(126)}a`, '/', 'GET').ok).toBe(true);
    expect(ask(1, 'https', `${'a.'.repeat(127)}a`, '/', 'GET').ok).toBe(false);
  });
});
