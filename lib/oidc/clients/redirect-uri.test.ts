/**
 * The redirect-URI canonicaliser: one spelling per address. Properties: whatever it accepts, it
 * accepts again unchanged (so the stored string is the one the provider compares); whatever the
 * URL parser would rewrite is refused; hostile spellings (userinfo, fragments, wildcards, script
 * schemes, backslashes, near-misses of a loopback) never pass.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRedirectList, canonicalRedirectUri, isLoopbackRedirect, type TUriKind } from './redirect-uri';

const ok = (raw: string, kind: TUriKind = 'web') => canonicalRedirectUri(raw, kind);
const KINDS: TUriKind[] = ['web', 'native', 'backchannel'];

describe('canonicalRedirectUri', () => {
  it('keeps canonical web addresses as typed, including a bare origin', () => {
    for (const uri of [
      'https://paperless.example.com/accounts/oidc/gatehouse/login/callback/',
      'http://nextcloud.lan:8080/apps/user_oidc/code',
      'https://pve.example.com:8006',
      'https://grafana.example.com/login/generic_oauth',
      'https://app.example.com/cb?tenant=a',
    ])
      expect(ok(uri)).toEqual({ ok: true, uri });
  });

  it('names the one spelling to use when the parser would rewrite it', () => {
    const cases: [string, string][] = [
      ['https://App.Example.com/cb', 'https://app.example.com/cb'],
      ['https://app.example.com:443/cb', 'https://app.example.com/cb'],
      ['http://127.1/cb', 'http://127.0.0.1/cb'],
      ['https://app.example.com/a/../cb', 'https://app.example.com/cb'],
      ['https://xn--bcher-kva.example/cb', 'https://xn--bcher-kva.example/cb'],
      ['https://bücher.example/cb', 'https://xn--bcher-kva.example/cb'],
    ];
    for (const [raw, canonical] of cases) {
      const checked = ok(raw);
      if (raw === canonical) expect(checked).toEqual({ ok: true, uri: raw });
      else expect(checked).toEqual({ ok: false, message: expect.stringContaining(canonical) });
    }
  });

  it('refuses userinfo, fragments, wildcards, backslashes, spaces and upper-case schemes', () => {
    for (const raw of [
      'https://user:pass@app.example.com/cb',
      'https://user@app.example.com/cb',
      'https://@app.example.com/cb',
      'https://app.example.com/cb#x',
      'https://app.example.com/cb#',
      'https://*.example.com/cb',
      'https://app.example.com/*',
      'https:\\\\app.example.com\\cb',
      'https://app.example.com/c b',
      'HTTPS://app.example.com/cb',
      'https://app.example.com./cb',
      '//app.example.com/cb',
      'app.example.com/cb',
      '',
      `https://app.example.com/${'a'.repeat(2001)}`,
    ])
      for (const kind of KINDS) expect(ok(raw, kind).ok, `${kind} ${raw}`).toBe(false);
  });

  it('takes app schemes and loopback redirects for public (native) clients only', () => {
    for (const uri of [
      'x-paperless://oidc-callback',
      'com.example.app:/oauth2redirect',
      'http://127.0.0.1:8400/callback',
      'http://[::1]/cb',
      'http://127.0.0.1/cb',
    ]) {
      expect(ok(uri, 'native')).toEqual({ ok: true, uri });
    }
    expect(ok('x-paperless://oidc-callback', 'web').ok).toBe(false);
    expect(ok('x-paperless://oidc-callback', 'backchannel').ok).toBe(false);
    expect(isLoopbackRedirect('http://127.0.0.1:8400/callback')).toBe(true);
    expect(isLoopbackRedirect('http://[::1]/cb')).toBe(true);
    expect(isLoopbackRedirect('https://127.0.0.1/cb')).toBe(false);
    expect(isLoopbackRedirect('http://localhost/cb')).toBe(false);
  });

  it('never takes a scheme a browser or the system acts on itself', () => {
    for (const raw of [
      'javascript:alert(1)',
      'javascript://x/%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vbscript:msgbox(1)',
      'about:blank',
      'blob:https://a.example/x',
      'ws://app.example.com/cb',
      'mailto:a@example.com',
      'x:/cb',
      'x-app:',
    ])
      expect(ok(raw, 'native').ok, raw).toBe(false);
  });

  it('takes a back-channel logout address over https, or http only on loopback or a private network', () => {
    for (const uri of [
      'https://app.example.com/logout',
      'http://127.0.0.1:9000/bc',
      'http://192.168.1.20/bc',
      'http://10.0.0.2/bc',
      'http://172.20.0.5/bc',
      'http://nextcloud.lan/bc',
      'http://app.localhost/bc',
    ])
      expect(ok(uri, 'backchannel')).toEqual({ ok: true, uri });
    for (const raw of ['http://app.example.com/bc', 'http://8.8.8.8/bc', 'http://172.32.0.1/bc', 'http://192.169.0.1/bc', 'http://lan.example.com/bc'])
      expect(ok(raw, 'backchannel').ok, raw).toBe(false);
  });

  it('property: whatever it accepts re-validates to itself, for every kind', () => {
    const host = fc.oneof(
      fc.domain(),
      fc.constantFrom('127.0.0.1', '[::1]', '192.168.0.1', 'App.Example.COM', '127.1', '0x7f.1', 'exa%41mple.com', 'xn--bcher-kva.example'),
    );
    const path = fc
      .array(fc.oneof(fc.webSegment(), fc.constantFrom('..', '.', '%2e', '%2F', 'A%7e', '*', ' ')), { maxLength: 4 })
      .map((parts) => `/${parts.join('/')}`);
    const uri = fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'HTTP://', 'x-paperless://', 'com.example.app:', 'javascript:', 'https://user@', 'https:\\\\'),
        host,
        fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
        path,
        fc.option(fc.constantFrom('?a=1', '?', '#f', '#', '?b=%20'), { nil: '' }),
      )
      .map(([scheme, h, port, p, tail]) => `${scheme}${h}${port === undefined ? '' : `:${port}`}${p}${tail}`);
    fc.assert(
      fc.property(uri, fc.constantFrom<TUriKind>(...KINDS), (raw, kind) => {
        const checked = canonicalRedirectUri(raw, kind);
        if (!checked.ok) return;
        expect(canonicalRedirectUri(checked.uri, kind)).toEqual(checked);
        expect(checked.uri).toBe(raw.trim());
        expect(checked.uri).not.toMatch(/[#*\\\s]/);
        const url = new URL(checked.uri);
        expect(url.username + url.password).toBe('');
        expect(['javascript:', 'data:', 'file:', 'vbscript:']).not.toContain(url.protocol);
        if (kind !== 'native') expect(['http:', 'https:']).toContain(url.protocol);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: arbitrary text is accepted only in a form the URL parser keeps', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom<TUriKind>(...KINDS), (raw, kind) => {
        const checked = canonicalRedirectUri(raw, kind);
        if (!checked.ok) return;
        const href = new URL(checked.uri).href;
        expect([checked.uri, `${checked.uri}/`]).toContain(href);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('canonicalRedirectList', () => {
  it('names the line of the first problem and refuses duplicates', () => {
    expect(canonicalRedirectList(['https://a.example.com/cb', 'https://A.example.com/cb'], 'web')).toEqual({
      ok: false,
      message: expect.stringMatching(/^Line 2: .*https:\/\/a\.example\.com\/cb/),
    });
    expect(canonicalRedirectList(['https://a.example.com/cb', 'https://a.example.com/cb'], 'web')).toEqual({
      ok: false,
      message: expect.stringContaining('twice'),
    });
    expect(canonicalRedirectList([], 'web')).toEqual({ ok: true, uris: [] });
  });
});
