import { describe, expect, it } from 'vitest';
import type { TProxyConfigInput } from './types';
import { isHostname, ProxyConfigError, validateProxyConfigInput } from './validate';

const base: TProxyConfigInput = {
  portalUrl: 'https://auth.example.com',
  cookieDomain: 'example.com',
  gatehouseUpstream: 'http://127.0.0.1:9091',
  apps: [{ host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' }],
};

function problemsOf(input: TProxyConfigInput): string[] {
  try {
    validateProxyConfigInput(input);
  } catch (error) {
    if (error instanceof ProxyConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ProxyConfigError');
}

describe('isHostname', () => {
  it.each(['example.com', 'a.b-c.example.com', 'localhost', 'xn--bcher-kva.example'])('accepts %s', (host) => {
    expect(isHostname(host)).toBe(true);
  });
  it.each([
    '',
    'Example.com',
    '*.example.com',
    'example.com:443',
    'https://example.com',
    'example.com/path',
    '-bad.example.com',
    'bad-.example.com',
    'a..b',
    '127.0.0.1',
    'under_score.example.com',
    `${'x'.repeat(64)}.example.com`,
    'evil.com;\n}',
    'evil.com { }',
  ])('rejects %j', (host) => {
    expect(isHostname(host)).toBe(false);
  });
});

describe('validateProxyConfigInput', () => {
  it('normalises a valid input and applies the defaults (https on 443, automatic certificates)', () => {
    const config = validateProxyConfigInput({ ...base, apps: [{ host: 'Paperless.Example.com', upstream: 'http://127.0.0.1:8000/' }] });
    expect(config).toEqual({
      portal: { url: 'https://auth.example.com', host: 'auth.example.com', scheme: 'https', port: 443 },
      cookieDomain: 'example.com',
      gatehouse: { scheme: 'http', hostPort: '127.0.0.1:9091', origin: 'http://127.0.0.1:9091' },
      apps: [
        {
          host: 'paperless.example.com',
          scheme: 'https',
          port: 443,
          upstream: { scheme: 'http', hostPort: '127.0.0.1:8000', origin: 'http://127.0.0.1:8000' },
        },
      ],
      listen: { address: undefined },
      tls: 'automatic',
    });
  });

  it('spells out default ports and keeps IPv6 upstreams in brackets', () => {
    const config = validateProxyConfigInput({
      ...base,
      gatehouseUpstream: 'https://gatehouse.internal',
      apps: [{ host: 'paperless.example.com', upstream: 'http://[::1]:8000' }],
    });
    expect(config.gatehouse).toEqual({ scheme: 'https', hostPort: 'gatehouse.internal:443', origin: 'https://gatehouse.internal:443' });
    expect(config.apps[0]?.upstream.hostPort).toBe('[::1]:8000');
  });

  it('defaults tls to none for http and accepts a loopback listen address', () => {
    const config = validateProxyConfigInput({ ...base, listen: { scheme: 'http', port: 8080, address: '127.0.0.1' } });
    // listen's scheme and port replace the portal URL's, for the portal and apps given by host.
    expect(config.listen).toEqual({ address: '127.0.0.1' });
    expect(config.portal).toMatchObject({ scheme: 'http', port: 8080 });
    expect(config.apps.map((app) => [app.scheme, app.port])).toEqual([['http', 8080]]);
    expect(config.tls).toBe('none');
    expect(validateProxyConfigInput({ ...base, listen: { scheme: 'http', port: 8080, address: '[::1]' } }).listen.address).toBe('::1');
  });

  it('accepts a cookie domain with a leading dot and no apps at all', () => {
    const config = validateProxyConfigInput({ ...base, cookieDomain: '.Example.com', apps: [] });
    expect(config.cookieDomain).toBe('example.com');
    expect(config.apps).toEqual([]);
  });

  it.each([
    ['not a host name', { apps: [{ host: 'paperless.example.com:8443', upstream: 'http://127.0.0.1:8000' }] }, /apps\[0\]\.host must be a host name/],
    ['a wildcard host', { apps: [{ host: '*.example.com', upstream: 'http://127.0.0.1:8000' }] }, /apps\[0\]\.host must be a host name/],
    ['config injection in a host', { apps: [{ host: 'a.example.com;\n}', upstream: 'http://127.0.0.1:8000' }] }, /must be a host name/],
    ['a non-http upstream', { apps: [{ host: 'a.example.com', upstream: 'ftp://127.0.0.1' }] }, /apps\[0\]\.upstream must start with http:\/\/ or https:\/\//],
    [
      'a relative upstream',
      { apps: [{ host: 'a.example.com', upstream: '127.0.0.1:8000' }] },
      /apps\[0\]\.upstream must (be an http\(s\) origin|start with http)/,
    ],
    ['an upstream with a path', { apps: [{ host: 'a.example.com', upstream: 'http://127.0.0.1:8000/app' }] }, /bare origin/],
    ['an upstream with credentials', { apps: [{ host: 'a.example.com', upstream: 'http://u:p@127.0.0.1:8000' }] }, /bare origin/],
    ['an upstream with a query', { apps: [{ host: 'a.example.com', upstream: 'http://127.0.0.1:8000?x=1' }] }, /bare origin/],
    ['a gatehouse upstream that is no URL', { gatehouseUpstream: 'gatehouse' }, /gatehouseUpstream must be an http\(s\) origin/],
    ['a portal URL with a path', { portalUrl: 'https://auth.example.com/sso' }, /portalUrl must be the bare origin/],
    ['a portal URL that is no URL', { portalUrl: 'auth.example.com' }, /portalUrl must be an absolute URL/],
    ['a portal on an IP address', { portalUrl: 'https://192.168.1.5', cookieDomain: undefined }, /host of portalUrl must be a host name/],
    ['a portal outside the cookie domain', { portalUrl: 'https://auth.other.org' }, /portal host auth\.other\.org must be the cookie domain/],
    [
      'an app outside the cookie domain',
      { apps: [{ host: 'paperless.other.org', upstream: 'http://127.0.0.1:8000' }] },
      /outside the cookie domain example\.com/,
    ],
    ['the portal as an app', { apps: [{ host: 'auth.example.com', upstream: 'http://127.0.0.1:8000' }] }, /is the portal's own host/],
    ['a port out of range', { listen: { scheme: 'https' as const, port: 70000 } }, /listen\.port must be a port number/],
    ['a listen address that is a name', { listen: { scheme: 'http' as const, port: 80, address: 'localhost' } }, /listen\.address must be an IP address/],
    ['tls with plain http', { listen: { scheme: 'http' as const, port: 80 }, tls: 'automatic' as const }, /tls must be none when every site is plain http/],
    ['no tls with https', { tls: 'none' as const }, /tls cannot be none when a site is https/],
  ])('rejects %s with a readable message', (_label, patch, message) => {
    const problems = problemsOf({ ...base, ...patch } as TProxyConfigInput);
    expect(problems.join('\n')).toMatch(message);
  });

  it('keeps paperless: true on an app, and leaves the key out otherwise', () => {
    const config = validateProxyConfigInput({
      ...base,
      apps: [
        { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true },
        { host: 'wiki.example.com', upstream: 'http://127.0.0.1:8001', paperless: false },
        { host: 'docs.example.com', upstream: 'http://127.0.0.1:8002' },
      ],
    });
    expect(config.apps.map((a) => a.paperless)).toEqual([true, undefined, undefined]);
    expect(config.apps[1]).not.toHaveProperty('paperless');
    expect(config.apps[2]).not.toHaveProperty('paperless');
  });

  it.each([['yes'], [1], [null], [{}]])('rejects paperless: %j with a readable message', (paperless) => {
    const problems = problemsOf({ ...base, apps: [{ host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless } as never] });
    expect(problems).toEqual([`apps[0].paperless must be true or false (got ${typeof paperless === 'string' ? `"${paperless}"` : String(paperless)})`]);
  });

  it('rejects the same app host twice', () => {
    const app = { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' };
    expect(problemsOf({ ...base, apps: [app, app] })).toEqual(['apps[1].host paperless.example.com appears twice']);
  });

  it('reports every problem at once in one readable error', () => {
    const input = {
      ...base,
      gatehouseUpstream: 'nope',
      apps: [{ host: 'bad host', upstream: 'file:///etc/passwd' }],
      listen: { scheme: 'https' as const, port: 0 },
    };
    expect(() => validateProxyConfigInput(input)).toThrow(/Cannot generate the proxy configuration: 4 problems:\n {2}- /);
    expect(problemsOf(input)).toHaveLength(4);
  });
});
