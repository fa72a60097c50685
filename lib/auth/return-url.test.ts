import { describe, expect, it } from 'vitest';
import { isDnsHostName, RETURN_URL_MAX_LENGTH, returnHostAllowed, safeReturnUrl, type ReturnUrlPolicy } from './return-url';

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
  ['too long', `https://app.example.com/${'a'.repeat(RETURN_URL_MAX_LENGTH)}`],
  ['too long relative', `/${'a'.repeat(RETURN_URL_MAX_LENGTH)}`],
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

describe('only syntactically valid DNS names under the configured names (issue: look-alikes, empty labels, escapes)', () => {
  const policy: ReturnUrlPolicy = { portalUrl: 'https://auth.example.test', cookieDomain: 'example.test', allowHttp: false };
  const label63 = 'a'.repeat(63);
  /** A name under example.test of exactly `total` characters, in labels of at most 63. */
  const longHost = (total: number) => {
    const suffix = '.example.test';
    let name = '';
    while (name.length + suffix.length < total) {
      const room = total - suffix.length - name.length - (name ? 1 : 0);
      name += (name ? '.' : '') + 'b'.repeat(Math.min(63, room));
    }
    return name + suffix;
  };

  it.each([
    ['Cyrillic а inside an app name under the cookie domain', 'https://pаperless.example.test/'],
    ['the same look-alike as the URL parser spells it (punycode)', 'https://xn--pperless-16g.example.test/'],
    ['the punycode look-alike in upper case', 'https://XN--PPERLESS-16G.example.test/'],
    ['any punycode label under the cookie domain that no admin named', 'https://xn--bcher-kva.example.test/'],
    ['punycode deeper under the cookie domain', 'https://app.xn--bcher-kva.example.test/'],
    ['an empty first label', 'https://.example.test/'],
    ['an empty inner label', 'https://paperless..example.test/'],
    ['two empty labels', 'https://paperless...example.test/'],
    ['percent-encoded dots as a label', 'https://%2e%2e.example.test/'],
    ['a percent-encoded letter in the host', 'https://p%61perless.example.test/'],
    ['a percent-encoded dot in the host', 'https://paperless%2eexample.test/'],
    ['a trailing dot', 'https://paperless.example.test./'],
    ['a leading hyphen', 'https://-paperless.example.test/'],
    ['a trailing hyphen', 'https://paperless-.example.test/'],
    ['an underscore', 'https://pa_perless.example.test/'],
    ['a label of 64 characters', `https://${'a'.repeat(64)}.example.test/`],
    ['a host of 254 characters', `https://${longHost(254)}/`],
    ['port 0', 'https://paperless.example.test:0/'],
    ['port 65536', 'https://paperless.example.test:65536/'],
    ['an empty port', 'https://paperless.example.test:/'],
    ['a port with a leading zero', 'https://paperless.example.test:08443/'],
    ['a port that is not a number', 'https://paperless.example.test:https/'],
    ['raw Unicode in the path', 'https://paperless.example.test/dökumente'],
    ['raw Unicode in the query', 'https://paperless.example.test/?q=ä'],
    ['a zero-width space in the host', 'https://paper\u200bless.example.test/'],
    ['a soft hyphen in the host (the parser would drop it)', 'https://paper\u00adless.example.test/'],
    ['full-width letters (the parser would fold them)', 'https://ｐａｐｅｒｌｅｓｓ.example.test/'],
    ['an ideographic full stop (the parser would read a dot)', 'https://paperless。example.test/'],
    ['a userinfo made of an allowed host', 'https://paperless.example.test@paperless.example.test/'],
    ['an empty userinfo', 'https://@paperless.example.test/'],
    ['an IPv4 literal', 'https://192.0.2.1/'],
    ['a numeric last label read as IPv4', 'https://paperless.example.test.1/'],
    ['an IPv6 literal', 'https://[2001:db8::1]/'],
    ['a backslash after the host', 'https://paperless.example.test\\@evil.com/'],
  ])('%s: %s', (_, rd) => {
    expect(safeReturnUrl(rd, policy)).toBeNull();
  });

  it.each([
    ['a label of 63 characters', `https://${label63}.example.test/`, `https://${label63}.example.test/`],
    ['a host of 253 characters', `https://${longHost(253)}/`, `https://${longHost(253)}/`],
    ['digits and hyphens inside labels', 'https://1-2.app-3.example.test/', 'https://1-2.app-3.example.test/'],
    ['port 65535', 'https://paperless.example.test:65535/x', 'https://paperless.example.test:65535/x'],
    ['the default port, elided', 'https://paperless.example.test:443/x', 'https://paperless.example.test/x'],
    ['upper case, lowered', 'https://PAPERLESS.Example.Test/X', 'https://paperless.example.test/X'],
    ['percent-escapes in the path stay as they are', 'https://paperless.example.test/a%20b/%E2%9C%93', 'https://paperless.example.test/a%20b/%E2%9C%93'],
  ])('accepts %s', (_, rd, expected) => {
    expect(longHost(253)).toHaveLength(253);
    expect(longHost(254)).toHaveLength(254);
    expect(safeReturnUrl(rd, policy)).toBe(expected);
  });

  describe('punycode an admin configured', () => {
    const configured: ReturnUrlPolicy = {
      portalUrl: 'https://xn--tr-zia.example.test',
      cookieDomain: 'example.test',
      extraDomains: ['xn--bcher-kva.example'],
      allowHttp: false,
    };

    it('accepts the configured punycode names themselves', () => {
      expect(safeReturnUrl('https://xn--bcher-kva.example/a', configured)).toBe('https://xn--bcher-kva.example/a');
      expect(safeReturnUrl('https://XN--BCHER-KVA.example/a', configured)).toBe('https://xn--bcher-kva.example/a');
      expect(safeReturnUrl('https://xn--tr-zia.example.test/security', configured)).toBe('/security');
    });

    it('accepts plain names under a configured punycode domain (the punycode is the admin’s)', () => {
      expect(safeReturnUrl('https://app.xn--bcher-kva.example/', configured)).toBe('https://app.xn--bcher-kva.example/');
    });

    it('refuses punycode added under a configured name, and the Unicode spelling of a configured name', () => {
      expect(safeReturnUrl('https://xn--pperless-16g.xn--bcher-kva.example/', configured)).toBeNull();
      expect(safeReturnUrl('https://xn--tr-zia.xn--bcher-kva.example/', configured)).toBeNull();
      expect(safeReturnUrl('https://bücher.example/', configured)).toBeNull();
      expect(safeReturnUrl('https://tür.example.test/', configured)).toBeNull();
    });

    it('refuses a configured name that is not valid punycode (it does not round-trip)', () => {
      const broken: ReturnUrlPolicy = { portalUrl: 'https://auth.example.test', extraDomains: ['xn--zz.example', 'xn--a.example'], allowHttp: false };
      expect(safeReturnUrl('https://xn--zz.example/', broken)).toBeNull();
      expect(safeReturnUrl('https://xn--a.example/', broken)).toBeNull();
    });
  });

  describe('isDnsHostName and returnHostAllowed', () => {
    it.each([
      ['example.test', true],
      ['a', true],
      ['localhost', true],
      ['0a.b', true],
      ['', false],
      ['.', false],
      ['a.', false],
      ['.a', false],
      ['a..b', false],
      ['A.b', false],
      ['a_b.c', false],
      ['-a.b', false],
      ['a-.b', false],
      ['1.2.3.4', false],
      ['a.0x1f', false],
      ['a.0x', false],
      ['a.123', false],
      [`${label63}.b`, true],
      [`${'a'.repeat(64)}.b`, false],
    ])('isDnsHostName(%j) = %s', (host, expected) => {
      expect(isDnsHostName(host)).toBe(expected);
    });

    it('allows the portal host even when it is not a DNS name, and nothing else of that kind', () => {
      const ip: ReturnUrlPolicy = { portalUrl: 'http://127.0.0.1:9091', allowHttp: false };
      expect(returnHostAllowed('127.0.0.1', ip)).toBe(true);
      expect(safeReturnUrl('http://127.0.0.1:9091/x', ip)).toBe('/x');
      expect(safeReturnUrl('http://0x7f000001:9091/x', ip)).toBeNull();
      expect(safeReturnUrl('http://127.1:9091/x', ip)).toBeNull();
      expect(returnHostAllowed('127.0.0.2', ip)).toBe(false);
    });
  });
});
