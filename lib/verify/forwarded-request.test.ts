import { describe, expect, it } from 'vitest';
import { readTarget, MAX_TARGET_HEADER_LENGTH } from './forwarded-request';
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

describe('readTarget (auth-request)', () => {
  it('reads X-Original-URL and X-Original-Method', () => {
    const result = readTarget(bag([['x-original-url', 'https://Paperless.Example.com:8443/api/documents/?q=a#frag'], ['x-original-method', 'post']]), 'auth-request');
    expect(result).toEqual({
      ok: true,
      target: { url: 'https://paperless.example.com:8443/api/documents/?q=a', scheme: 'https', host: 'paperless.example.com', port: '8443', path: '/api/documents/', query: 'q=a', method: 'POST' },
    });
  });

  it('defaults the method to GET and accepts a URL without a path', () => {
    const result = readTarget(bag([['x-original-url', 'http://app.example.com']]), 'auth-request');
    expect(result.ok && result.target).toMatchObject({ url: 'http://app.example.com/', path: '/', method: 'GET' });
    const query = readTarget(bag([['x-original-url', 'http://app.example.com?x=1']]), 'auth-request');
    expect(query.ok && query.target).toMatchObject({ path: '/', query: 'x=1' });
  });

  it('falls back to the X-Forwarded-* set (the legacy Authelia nginx snippet sends both)', () => {
    const result = readTarget(bag(forwarded()), 'auth-request');
    expect(result.ok && result.target.url).toBe('https://paperless.example.com/documents/?page=2');
  });

  it('normalises dot segments and percent-encoded unreserved characters, so rules cannot be dodged', () => {
    const cases: [string, string][] = [
      ['https://a.example.com/api/../admin/', '/admin/'],
      ['https://a.example.com/%61dmin/', '/admin/'],
      ['https://a.example.com/%2e%2e/admin', '/admin'],
      ['https://a.example.com/x/%2E%2E/admin', '/admin'],
      ['https://a.example.com/a%2fb', '/a%2Fb'],
    ];
    for (const [url, path] of cases) {
      const result = readTarget(bag([['x-original-url', url]]), 'auth-request');
      expect(result.ok && result.target.path).toBe(path);
    }
  });

  it.each<[string, [string, string][]]>([
    ['nothing at all', []],
    ['a relative X-Original-URL', [['x-original-url', '/documents/']]],
    ['a scheme-relative X-Original-URL', [['x-original-url', '//evil.example/']]],
    ['credentials in X-Original-URL', [['x-original-url', 'https://user:pw@app.example.com/']]],
    ['another scheme', [['x-original-url', 'ftp://app.example.com/']]],
    ['javascript:', [['x-original-url', 'javascript:alert(1)']]],
    ['a space', [['x-original-url', 'https://app.example.com/a b']]],
    ['a control character', [['x-original-url', 'https://app.example.com/\u0007']]],
    ['a newline', [['x-original-url', 'https://app.example.com/\r\nX-Injected: 1']]],
    ['non-ASCII', [['x-original-url', 'https://app.example.com/é']]],
    ['a bad host', [['x-original-url', 'https://app_example.com/']]],
    ['an over-long value', [['x-original-url', `https://app.example.com/${'a'.repeat(MAX_TARGET_HEADER_LENGTH)}`]]],
    ['a duplicated X-Original-URL', [['x-original-url', 'https://a.example.com/'], ['x-original-url', 'https://b.example.com/']]],
    ['a bad method', [['x-original-url', 'https://a.example.com/'], ['x-original-method', 'GET /']]],
    ['an incomplete X-Forwarded set', [['x-forwarded-proto', 'https'], ['x-forwarded-host', 'a.example.com']]],
  ])('refuses %s', (_name, pairs) => {
    const result = readTarget(bag(pairs), 'auth-request');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });
});

describe('readTarget: the fast path agrees with full URL parsing', () => {
  // Each URI once as it is, once with a harmless escape that forces the URL parser.
  it.each([
    ['/'],
    ['/documents/?page=2&sort=-created'],
    ['/a.b/c.d?x=1.2'],
    ['/.well-known/openid-configuration'],
    ["/api/search/?q=(a+b)*c!&t=1;2"],
    ['/x@y:z/~user'],
  ])('%s', (uri) => {
    const plain = readTarget(bag(forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, uri] : n === 'x-forwarded-host' ? [n, 'Paperless.Example.com:443'] : [n, v]))), 'forward-auth');
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

  it('refuses an out-of-range port on either path', () => {
    expect(readTarget(bag(forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'a.example.com:99999'] : [n, v]))), 'forward-auth').ok).toBe(false);
    expect(readTarget(bag([['x-original-url', 'https://a.example.com:99999/%41']]), 'auth-request').ok).toBe(false);
  });
});

describe('readTarget (forward-auth)', () => {
  it('reads the X-Forwarded-* set', () => {
    const result = readTarget(bag(forwarded([['x-forwarded-method', 'DELETE']]).filter(([n, v]) => !(n === 'x-forwarded-method' && v === 'GET'))), 'forward-auth');
    expect(result.ok && result.target).toMatchObject({ host: 'paperless.example.com', path: '/documents/', query: 'page=2', method: 'DELETE' });
  });

  it('ignores X-Original-URL (that is the other flavour)', () => {
    const result = readTarget(bag([['x-original-url', 'https://a.example.com/']]), 'forward-auth');
    expect(result.ok).toBe(false);
  });

  it.each<[string, [string, string][]]>([
    ['an unknown proto', forwarded().map(([n, v]) => (n === 'x-forwarded-proto' ? [n, 'gopher'] : [n, v]))],
    ['a URI without a leading slash', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, 'documents'] : [n, v]))],
    ['a host with a path', forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'a.example.com/x'] : [n, v]))],
    ['a host with userinfo', forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, 'u@a.example.com'] : [n, v]))],
    ['two hosts', [...forwarded(), ['x-forwarded-host', 'evil.example']]],
    ['a 16 KiB URI', forwarded().map(([n, v]) => (n === 'x-forwarded-uri' ? [n, `/${'x'.repeat(16 * 1024)}`] : [n, v]))],
  ])('refuses %s', (_name, pairs) => {
    expect(readTarget(bag(pairs), 'forward-auth').ok).toBe(false);
  });

  it('accepts IPv6 literal hosts and ports', () => {
    const result = readTarget(bag(forwarded().map(([n, v]) => (n === 'x-forwarded-host' ? [n, '[::1]:8080'] : [n, v]))), 'forward-auth');
    expect(result.ok && result.target).toMatchObject({ host: '[::1]', port: '8080' });
  });
});
