import { describe, expect, it } from 'vitest';
import { RETURN_URL_MAX_LENGTH, safeReturnUrl, type ReturnUrlPolicy } from './return-url';

const POLICY: ReturnUrlPolicy = { portalUrl: 'https://auth.example.com', cookieDomain: 'example.com', allowHttp: false };

describe('safeReturnUrl accepts', () => {
  it.each([
    ['https://app.example.com/path?q=1#f', 'https://app.example.com/path?q=1#f'],
    ['https://example.com/', 'https://example.com/'],
    ['https://example.com', 'https://example.com/'],
    ['https://paperless.example.com/documents/?page=2', 'https://paperless.example.com/documents/?page=2'],
    ['https://a.b.c.example.com/', 'https://a.b.c.example.com/'],
    ['https://app.example.com:8443/x', 'https://app.example.com:8443/x'],
    ['HTTPS://APP.EXAMPLE.COM/x', 'https://app.example.com/x'],
    ['https://auth.example.com/security', '/security'],
    ['https://auth.example.com/security?tab=2#totp', '/security?tab=2#totp'],
    ['https://auth.example.com', '/'],
    ['/security?x=1', '/security?x=1'],
    ['/', '/'],
    ['/apps/paperless#top', '/apps/paperless#top'],
    ['/a/../b', '/b'],
  ])('%s → %s', (rd, expected) => {
    expect(safeReturnUrl(rd, POLICY)).toBe(expected);
  });

  it(`accepts a URL of exactly ${RETURN_URL_MAX_LENGTH} characters`, () => {
    const prefix = 'https://app.example.com/';
    const rd = prefix + 'a'.repeat(RETURN_URL_MAX_LENGTH - prefix.length);
    expect(rd).toHaveLength(RETURN_URL_MAX_LENGTH);
    expect(safeReturnUrl(rd, POLICY)).toBe(rd);
  });
});

const HOSTILE: [string, unknown][] = [
  // Other hosts.
  ['another host', 'https://evil.com/'],
  ['another host with path', 'https://evil.com/app.example.com'],
  ['suffix trick', 'https://example.com.evil.com/'],
  ['suffix trick with subdomain', 'https://app.example.com.evil.com/'],
  ['prefix trick', 'https://evilexample.com/'],
  ['prefix trick with dash', 'https://evil-example.com/'],
  ['parent of the cookie domain', 'https://com/'],
  ['trailing-dot host', 'https://example.com./'],
  ['IPv4 loopback', 'https://127.0.0.1/'],
  ['IPv4 as hex', 'https://0x7f000001/'],
  ['IPv6 loopback', 'https://[::1]/'],
  // Scheme-relative and slash tricks.
  ['scheme-relative', '//evil.com'],
  ['scheme-relative with path', '//evil.com/app.example.com'],
  ['triple slash', '///evil.com'],
  ['four slashes', '////evil.com'],
  ['backslashes', '\\\\evil.com'],
  ['slash backslash', '/\\evil.com'],
  ['backslash slash', '\\/evil.com'],
  ['https with backslashes', 'https:\\\\evil.com'],
  ['https with one slash', 'https:/evil.com'],
  ['https without slashes', 'https:evil.com'],
  ['https with three slashes', 'https:///evil.com'],
  // Credentials, fragments, queries.
  ['userinfo', 'https://good.example.com@evil.com/'],
  ['userinfo with port-like password', 'https://app.example.com:443@evil.com/'],
  ['userinfo on an allowed host', 'https://user:pass@app.example.com/'],
  ['username only on an allowed host', 'https://user@app.example.com/'],
  ['fragment pretending to be the host', 'https://evil.com#.example.com'],
  ['query pretending to be the host', 'https://evil.com?.example.com'],
  ['backslash userinfo', 'https://evil.com\\@app.example.com'],
  // Schemes.
  ['http when not allowed', 'http://app.example.com/'],
  ['http portal host when not allowed', 'http://auth.example.com/security'],
  ['javascript', 'javascript:alert(1)'],
  ['JAVASCRIPT', 'JAVASCRIPT:alert(document.cookie)'],
  ['javascript with comment', 'javascript://app.example.com/%0aalert(1)'],
  ['data', 'data:text/html,<script>alert(1)</script>'],
  ['data base64', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['vbscript', 'vbscript:msgbox(1)'],
  ['ftp', 'ftp://app.example.com/'],
  ['file', 'file:///etc/passwd'],
  ['ws', 'wss://app.example.com/'],
  ['mailto', 'mailto:a@example.com'],
  ['relative path without slash', 'evil.com'],
  ['relative path with dot', './security'],
  // Percent-encoding tricks.
  ['encoded dot in host', 'https://evil%2ecom/'],
  ['encoded slashes in host', 'https://app.example.com%2f%2fevil.com'],
  ['encoded NUL in host', 'https://evil.com%00.example.com/'],
  ['encoded hash in host', 'https://evil.com%23.example.com/'],
  ['encoded slash in host', 'https://evil.com%2f.example.com/'],
  ['encoded at in host', 'https://evil.com%40app.example.com/'],
  ['double-encoded slash in host', 'https://app.example.com%252f/'],
  // Control characters and whitespace.
  ['NUL', 'https://app.example.com/\u0000'],
  ['NUL before host', '/\u0000/evil.com'],
  ['tab in scheme-relative', '/\t/evil.com'],
  ['newline in scheme-relative', '/\n/evil.com'],
  ['carriage return', 'https://app.example.com/\r\nSet-Cookie: x=1'],
  ['space inside', '/ /evil.com'],
  ['leading space', ' https://app.example.com/'],
  ['trailing newline', 'https://app.example.com/\n'],
  ['DEL', 'https://app.example.com/\u007f'],
  ['C1 control', 'https://app.example.com/\u0085'],
  ['line separator', 'https://app.example.com/\u2028'],
  ['no-break space', '/\u00a0/evil.com'],
  ['escape', '\u001b/evil.com'],
  // Look-alikes.
  ['Cyrillic a', 'https://exаmple.com/'],
  ['Cyrillic a in subdomain', 'https://app.exаmple.com/'],
  ['punycode look-alike', 'https://xn--exmple-cua.com/'],
  ['Cyrillic punycode', 'https://xn--80ak6aa92e.com/'],
  ['full-width dots to another host', 'https://example．com．evil．com/'],
  ['ideographic dots to another host', 'https://example。com。evil。com/'],
  ['full-width dot on a foreign host', 'https://evil．com/'],
  // Odd characters.
  ['backtick after host', 'https://evil.com`'],
  ['backtick-wrapped', '`https://app.example.com/`'],
  ['angle brackets', '<https://app.example.com/>'],
  ['quoted', '"https://app.example.com/"'],
  // Lengths and types.
  ['too long', 'https://app.example.com/' + 'a'.repeat(RETURN_URL_MAX_LENGTH)],
  ['too long relative', '/' + 'a'.repeat(RETURN_URL_MAX_LENGTH)],
  ['empty string', ''],
  ['undefined', undefined],
  ['null', null],
  ['number', 42],
  ['object', { toString: () => '/security' }],
  ['array', ['/security']],
];

describe('safeReturnUrl drops hostile input', () => {
  it('has a long list of cases', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(HOSTILE)('%s: %j', (_, rd) => {
    expect(safeReturnUrl(rd as string, POLICY)).toBeNull();
  });
});

describe('safeReturnUrl never returns a scheme-relative path', () => {
  // A result starting with "//" is sent as `Location: //evil.com`, which browsers follow to evil.com.
  it.each([
    '/..//evil.com',
    '/.//evil.com',
    '/%2e%2e//evil.com',
    '/%2e//evil.com',
    '/a/..//evil.com',
    'https://auth.example.com//evil.com',
    'https://auth.example.com/..//evil.com',
  ])('%s', (rd) => {
    const result = safeReturnUrl(rd, POLICY);
    if (result !== null) {
      expect(result.startsWith('//'), `returned ${JSON.stringify(result)}`).toBe(false);
      expect(new URL(result, POLICY.portalUrl).origin).toBe('https://auth.example.com');
    }
  });
});

describe('safeReturnUrl with other policies', () => {
  it('accepts http targets when allowHttp is true', () => {
    const policy = { ...POLICY, allowHttp: true };
    expect(safeReturnUrl('http://app.example.com/', policy)).toBe('http://app.example.com/');
    expect(safeReturnUrl('https://app.example.com/', policy)).toBe('https://app.example.com/');
    expect(safeReturnUrl('http://evil.com/', policy)).toBeNull();
  });

  it('accepts extra domains and their subdomains', () => {
    const policy = { ...POLICY, extraDomains: ['other.org'] };
    expect(safeReturnUrl('https://x.other.org/a', policy)).toBe('https://x.other.org/a');
    expect(safeReturnUrl('https://other.org/', policy)).toBe('https://other.org/');
    expect(safeReturnUrl('https://app.example.com/', policy)).toBe('https://app.example.com/');
    expect(safeReturnUrl('https://evilother.org/', policy)).toBeNull();
    expect(safeReturnUrl('https://other.org.evil.com/', policy)).toBeNull();
  });

  it('without a cookie domain, allows only the portal host', () => {
    const policy: ReturnUrlPolicy = { portalUrl: 'https://auth.example.com', allowHttp: false };
    expect(safeReturnUrl('https://auth.example.com/x', policy)).toBe('/x');
    expect(safeReturnUrl('https://app.example.com/', policy)).toBeNull();
    expect(safeReturnUrl('https://example.com/', policy)).toBeNull();
  });

  it('ignores empty extra domains', () => {
    const policy: ReturnUrlPolicy = { portalUrl: 'https://auth.example.com', extraDomains: [''], allowHttp: false };
    expect(safeReturnUrl('https://evil.com/', policy)).toBeNull();
  });

  describe('portal on http://localhost:9091 without a cookie domain', () => {
    const policy: ReturnUrlPolicy = { portalUrl: 'http://localhost:9091', allowHttp: false };

    it('accepts portal paths', () => {
      expect(safeReturnUrl('/x', policy)).toBe('/x');
      expect(safeReturnUrl('http://localhost:9091/x', policy)).toBe('/x');
    });

    it('allows http because the portal itself is on http', () => {
      expect(safeReturnUrl('http://localhost:9091/x?y=1', policy)).toBe('/x?y=1');
    });

    it('compares host names only, so another port on the same host is allowed (absolute URL kept)', () => {
      expect(safeReturnUrl('http://localhost:9999/x', policy)).toBe('http://localhost:9999/x');
      expect(safeReturnUrl('https://localhost/x', policy)).toBe('https://localhost/x');
    });

    it('drops other hosts', () => {
      expect(safeReturnUrl('http://127.0.0.1:9091/x', policy)).toBeNull();
      expect(safeReturnUrl('http://evil.localhost:9091/x', policy)).toBeNull();
      expect(safeReturnUrl('//localhost:9091/x', policy)).toBeNull();
    });
  });
});
