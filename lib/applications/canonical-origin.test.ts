import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalOrigin } from './canonical-origin';

const ok = (raw: string, allowIpv6 = false) => {
  const result = canonicalOrigin(raw, { allowIpv6 });
  if (!result.ok) throw new Error(`refused ${raw}: ${result.message}`);
  return result.origin;
};
const refused = (raw: string, allowIpv6 = false) => {
  const result = canonicalOrigin(raw, { allowIpv6 });
  return result.ok ? `accepted as ${result.origin}` : result.message;
};

describe('canonicalOrigin', () => {
  it('canonicalises hostile but harmless spellings to one origin', () => {
    expect(ok('HTTPS://Paperless.Example.COM')).toBe('https://paperless.example.com');
    expect(ok('https://paperless.example.com.')).toBe('https://paperless.example.com');
    expect(ok('https://paperless.example.com:443/')).toBe('https://paperless.example.com');
    expect(ok('http://whoami.localhost:80')).toBe('http://whoami.localhost');
    expect(ok('http://whoami.localhost:8080')).toBe('http://whoami.localhost:8080');
    expect(ok('https://app.example.com:0443')).toBe('https://app.example.com');
    expect(ok('https://bücher.example')).toBe('https://xn--bcher-kva.example');
    expect(ok('https://%61pp.example.com')).toBe('https://app.example.com');
    expect(ok('  https://app.example.com  ')).toBe('https://app.example.com');
    expect(ok('http://0x7f.1:8000', true)).toBe('http://127.0.0.1:8000');
    expect(ok('http://[::1]:8000', true)).toBe('http://[::1]:8000');
  });

  it('refuses what is not a bare http(s) origin, saying why', () => {
    expect(refused('https://user:pw@app.example.com')).toMatch(/user name or password/);
    expect(refused('https://user@app.example.com')).toMatch(/user name or password/);
    expect(refused('https://app.example.com/path')).toMatch(/without a path/);
    expect(refused('https://app.example.com/?q=1')).toMatch(/without a path/);
    expect(refused('https://app.example.com/#top')).toMatch(/without a path/);
    expect(refused('ftp://app.example.com')).toMatch(/starts with http/);
    expect(refused('javascript:alert(1)')).toMatch(/starts with http/);
    expect(refused('http:app.example.com')).toMatch(/starts with http/);
    expect(refused('app.example.com')).toMatch(/starts with http/);
    expect(refused('https://app example.com')).toMatch(/spaces/);
    expect(refused('https://app_1.example.com')).toMatch(/not a host name/);
    expect(refused('https://app.example.com..')).toMatch(/not a host name/);
    expect(refused('http://[::1]:8000')).toMatch(/IPv6/);
    expect(refused('http://app.example.com:0')).toMatch(/Port 0/);
    expect(refused('http://app.example.com:99999')).toMatch(/not a valid address/);
    expect(refused('')).toMatch(/Enter an address/);
  });

  it('gives back an origin that re-validates to itself, for any input it accepts', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?$/);
    const hostile = fc.record({
      scheme: fc.constantFrom('http', 'https', 'HTTP', 'HtTpS'),
      userinfo: fc.constantFrom('', '', 'a@', 'a:b@', '@'),
      labels: fc.array(fc.oneof(label, fc.constantFrom('bücher', 'ÄPP', '%61pp', 'xn--bcher-kva', 'a_b')), { minLength: 1, maxLength: 4 }),
      dot: fc.constantFrom('', '', '.', '..'),
      port: fc.constantFrom('', ':80', ':443', ':8080', ':0', ':065535', ':1'),
      tail: fc.constantFrom('', '/', '/x', '?', '?a=1', '#', '#f', '/%2e/'),
    });
    fc.assert(
      fc.property(hostile, fc.boolean(), ({ scheme, userinfo, labels, dot, port, tail }, allowIpv6) => {
        const raw = `${scheme}://${userinfo}${labels.join('.')}${dot}${port}${tail}`;
        const first = canonicalOrigin(raw, { allowIpv6 });
        if (!first.ok) return;
        expect(canonicalOrigin(first.origin, { allowIpv6 })).toEqual(first);
        expect(first.origin).toBe(first.origin.toLowerCase());
        expect(first.origin).not.toMatch(/@|\/\/.*\/|\?|#|\.$|\.:|^http:.*:80$|^https:.*:443$|%|[^\x21-\x7e]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const result = canonicalOrigin(`https://${raw}`);
        if (result.ok) expect(canonicalOrigin(result.origin)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });
});
