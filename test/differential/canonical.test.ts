import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAuthority, canonicalPath, namesClosedEndpoint } from './canonical';

describe("canonicalPath (the harness's own reading of the canonical target)", () => {
  it.each([
    ['/', '/'],
    ['/documents/', '/documents/'],
    ['/%61dmin', '/admin'],
    ['/%7e/%7Euser', '/~/~user'],
    ['/a%2d%2E%5f', '/a-._'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/a%20b', '/a%20b'],
    ['/a%3f', '/a%3F'],
    ['/...', '/...'],
    ['/.x/x./a..b', '/.x/x./a..b'],
    ['/a/', '/a/'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalPath(raw)).toEqual({ ok: true, path: canonical });
  });

  it.each([
    ['admin', 'does not start with /'],
    ['/a\\b', 'backslash'],
    ['/a%5cb', 'encoded backslash'],
    ['/a%2Fb', 'encoded slash'],
    ['/a%zz', 'invalid percent-encoding'],
    ['/a%4', 'invalid percent-encoding'],
    ['/a%00', 'encoded control character'],
    ['/a%1f', 'encoded control character'],
    ['/a%7F', 'encoded control character'],
    ['/caf\xc3\xa9', 'raw byte 0xc3'],
    ['/a b', 'raw byte 0x20'],
    ['/a\x7f', 'raw byte 0x7f'],
    ['/a#b', '#'],
    ['/admin;x/', '; (path parameter)'],
    ['//admin', 'empty segment (//)'],
    ['/a//b', 'empty segment (//)'],
    ['/./a', 'dot segment'],
    ['/a/..', 'dot segment'],
    ['/a/%2e%2E/b', 'dot segment'],
    ['/a/.%2e', 'dot segment'],
    ['/a/%2e', 'dot segment'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(canonicalPath(raw)).toEqual({ ok: false, reason });
  });

  it('is idempotent, and what it accepts is plain visible ASCII without the refused pieces', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '9',
      '-',
      '.',
      '_',
      '~',
      '%41',
      '%2e',
      '%2E',
      '%c3',
      '%A9',
      '%20',
      '%2F',
      '%5C',
      '%00',
      '%zz',
      '\\',
      ';',
      '#',
      '/',
      '//',
      '..',
      '!',
      '$',
      "'",
      '(',
      '*',
      '+',
      ',',
      '=',
      ':',
      '@',
      '\xe9',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const result = canonicalPath(`/${pieces.join('')}`);
        if (!result.ok) return;
        expect(canonicalPath(result.path)).toEqual(result);
        expect(result.path).toMatch(/^\/[\x21-\x7e]*$/);
        expect(result.path).not.toMatch(/[\\;#]|%(?![0-9A-F]{2})|%(2F|5C|[01][0-9A-F]|7F)|\/\/|(^|\/)\.\.?(\/|$)/);
        // Only reserved characters stay escaped, always with upper-case hex.
        for (const sequence of result.path.match(/%[0-9A-F]{2}/g) ?? [])
          expect(String.fromCharCode(parseInt(sequence.slice(1), 16))).not.toMatch(/[A-Za-z0-9\-._~]/);
      }),
    );
  });
});

describe('canonicalAuthority', () => {
  it.each([
    ['app.example.test', 'http', 'app.example.test', ''],
    ['APP.Example.Test.', 'http', 'app.example.test', ''],
    ['app.example.test:80', 'http', 'app.example.test', ''],
    ['app.example.test:443', 'https', 'app.example.test', ''],
    ['app.example.test:443', 'http', 'app.example.test', '443'],
    ['app.example.test:08080', 'http', 'app.example.test', '8080'],
    ['127.0.0.1:9091', 'http', '127.0.0.1', '9091'],
    ['[::1]:9091', 'http', '[::1]', '9091'],
  ] as const)('%s (%s) → %s %s', (raw, scheme, host, port) => {
    expect(canonicalAuthority(raw, scheme)).toEqual({ ok: true, host, port });
  });

  it.each([
    '',
    'app.example.test:',
    'app.example.test:0',
    'app.example.test:65536',
    'user@app.example.test',
    'app.example.test:80@public.example.test',
    'app..example.test',
    '-app.example.test',
    'app_x.example.test',
    'app.example.test ',
    '1.2.3',
    'a.b.c.999',
    'xn--p-ecp.example.test\xe9',
  ])('refuses %j', (raw) => {
    expect(canonicalAuthority(raw, 'http').ok).toBe(false);
  });
});

describe('namesClosedEndpoint (what the portal must never pass on to Gatehouse)', () => {
  it.each([
    '/api/verify',
    '/api/verify?x=1',
    '/api/verify/forward-auth',
    '/api/authz/auth-request',
    '/api/authz/forward-auth',
    '//api/verify',
    '/API/Verify',
    '/api/%76erify',
    '/api/./verify',
    '/x/../api/verify',
    '/api\\verify',
    '/api;x/verify',
    '/api/verify;x',
    '/api/verify/',
    '/api/verify#x',
    '/api%2Fverify',
    '/api/metrics',
    '/API/Metrics/',
    '/api/%6detrics',
    '//api/./metrics;x',
    '/api%2fmetrics?x=1',
  ])('%s names one', (path) => {
    expect(namesClosedEndpoint(path)).toBe(true);
  });

  it.each(['/', '/sign-in', '/api/auth/callback/github', '/api/health', '/x/api/verify', '/api', '/verify', '/api/x/verify', '/metrics', '/x/api/metrics'])(
    '%s does not',
    (path) => {
      expect(namesClosedEndpoint(path)).toBe(false);
    },
  );
});
