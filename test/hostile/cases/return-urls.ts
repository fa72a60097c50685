/**
 * Return URLs (`rd`): every place the portal follows one after sign-in — the sign-in page for a
 * signed-in visitor, the dashboard's legacy `/?rd=`, the sign-in action, an email sign-in link
 * that stored one — sends the browser to the portal, example.test or under it, or other.test
 * (GATEHOUSE_REDIRECT_DOMAINS) or under it, named as a strict DNS name; anything else lands on
 * the dashboard. Listed cases (issue 12 class 6 and the classic open-redirect spellings) and
 * hostile variants generated with fast-check from a fixed seed.
 */
import fc from 'fast-check';
import { formAction, page, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

const SEED = 612;
const LONG = 2100;

/** Return URLs that must never be followed. */
export const HOSTILE_RETURN_URLS: string[] = [
  // Issue 12, class 6.
  'https://pаperless.example.test/',
  'https://xn--pperless-16g.example.test/',
  'https://.example.test/',
  'https://paperless..example.test/',
  'https://%2e%2e.example.test/',
  // Other hosts and suffix/prefix tricks.
  'https://evil.test/',
  'https://evil.test/app.example.test',
  'https://example.test.evil.test/',
  'https://app.example.test.evil.test/',
  'https://evilexample.test/',
  'https://evil-example.test/',
  'https://other.test.evil.test/',
  'https://notother.test/',
  'https://test/',
  'https://app.example.test./',
  'https://app.example.test../',
  'https://-app.example.test/',
  'https://app-.example.test/',
  'https://a_b.example.test/',
  `https://${'a'.repeat(64)}.example.test/`,
  'https://127.0.0.1/',
  'https://0x7f000001/',
  'https://2130706433/',
  'https://[::1]/',
  'https://app.example.test.1/',
  'https://xn--bcher-kva.example.test/',
  'https://app.xn--bcher-kva.other.test/',
  // Scheme-relative and slash tricks.
  '//evil.test',
  '//evil.test/app.example.test',
  '///evil.test',
  '////evil.test',
  '\\\\evil.test',
  '/\\evil.test',
  '\\/evil.test',
  '/..//evil.test',
  '/.//evil.test',
  '/%2e%2e//evil.test',
  '/a/..//evil.test',
  'https:\\\\evil.test',
  'https:/evil.test',
  'https:evil.test',
  'https:///evil.test',
  // Credentials, fragments, queries in the authority.
  'https://app.example.test@evil.test/',
  'https://app.example.test:443@evil.test/',
  'https://user:pass@app.example.test/',
  'https://user@app.example.test/',
  'https://@app.example.test/',
  'https://evil.test#.example.test',
  'https://evil.test?.example.test',
  'https://evil.test\\@app.example.test',
  'https://evil.test%23@app.example.test/',
  'https://app.example.test%40evil.test/',
  // Schemes.
  'javascript:alert(1)',
  'JAVASCRIPT:alert(document.cookie)',
  'javascript://app.example.test/%0aalert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'ftp://app.example.test/',
  'file:///etc/passwd',
  'wss://app.example.test/',
  'mailto:a@example.test',
  'evil.test',
  './security',
  // Percent-encoding in the authority.
  'https://evil%2etest/',
  'https://app.example.test%2f%2fevil.test',
  'https://evil.test%00.example.test/',
  'https://evil.test%2f.example.test/',
  'https://app.example.test%252f/',
  'https://%61pp.example.test/',
  // Control characters, whitespace, Unicode.
  'https://app.example.test/\u0000',
  '/\u0000/evil.test',
  '/\t/evil.test',
  '/\n/evil.test',
  'https://app.example.test/\r\nSet-Cookie: x=1',
  '/ /evil.test',
  ' https://app.example.test/',
  'https://app.example.test/\u2028',
  '/\u00a0/evil.test',
  '\u001b/evil.test',
  'https://exаmple.test/',
  'https://app.example．test/',
  'https://app.example。test/',
  'https://ａｐｐ.example.test/',
  'https://app\u200b.example.test/',
  'https://app.example.test/dökumente',
  // Odd wrappers and lengths.
  '`https://app.example.test/`',
  '<https://app.example.test/>',
  '"https://app.example.test/"',
  `https://app.example.test/${'a'.repeat(LONG)}`,
  `/${'a'.repeat(LONG)}`,
];

// ── Generated hostile variants of allowed URLs (fast-check, fixed seed) ───────────────────────
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const allowedHost = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.constantFrom('example.test', 'other.test'))
  .map(([labels, domain]) => `${labels.join('.')}.${domain}`);
const path = fc.stringMatching(/^(\/[a-z0-9._~-]{0,8}){0,3}$/).map((p) => p || '/');
const CONFUSABLE: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', '.': '。' };
const mutations = {
  confusable: (host: string) => host.replace(/[aeopcxi.]/, (c) => CONFUSABLE[c]!),
  'percent-encoded letter': (host: string) => host.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
  'percent-encoded dot': (host: string) => host.replace('.', '%2e'),
  'empty label': (host: string) => host.replace('.', '..'),
  'leading dot': (host: string) => `.${host}`,
  'trailing dot': (host: string) => `${host}.`,
  userinfo: (host: string) => `user@${host}`,
  'allowed host as userinfo': (host: string) => `${host}@evil.test`,
  backslash: (host: string) => `${host}\\@evil.test`,
  'punycode label added': (host: string) => `xn--pperless-16g.${host}`,
  'over-long label': (host: string) => `${'q'.repeat(64)}.${host}`,
};
const generated = fc
  .sample(fc.tuple(fc.constantFrom(...(Object.keys(mutations) as (keyof typeof mutations)[])), allowedHost, path, fc.constantFrom('https', 'HTTPS', 'http')), {
    seed: SEED,
    numRuns: 60,
  })
  .map(([mutation, host, p, scheme]) => `${scheme}://${mutations[mutation](host)}${p}`);
const schemeAndSlashes = fc
  .sample(
    fc.tuple(
      allowedHost,
      path,
      fc.constantFrom('//', '///', '\\\\', '/\\', 'https:', 'https:/', 'https:///', 'javascript://', 'ftp://', 'http:\\\\', ' https://', 'https://\t'),
    ),
    { seed: SEED + 1, numRuns: 30 },
  )
  .map(([host, p, prefix]) => `${prefix}${host}${p}`);
const GENERATED = [...new Set([...generated, ...schemeAndSlashes])].filter((rd) => !HOSTILE_RETURN_URLS.includes(rd));

/** Stored by an email sign-in link before it is used (the link is then followed after sign-in). */
export const EMAIL_LINK_RETURNS: string[] = [
  'https://evil.test/',
  '//evil.test',
  'https://pаperless.example.test/',
  'https://paperless..example.test/',
  'https://%2e%2e.example.test/',
  'https://app.example.test@evil.test/',
  'javascript:alert(1)',
  'https://app.example.test/ok',
];

const q = (rd: string) => encodeURIComponent(rd);
const TO_DASHBOARD: Expectation = { statusIn: [303, 307, 308], redirect: { to: '/', withinAllowedHosts: true } };

const signInPage = [...HOSTILE_RETURN_URLS, ...GENERATED].map(
  (rd): HostileCase => ({
    name: `signed-in visitor of /sign-in?rd=${JSON.stringify(rd).slice(1, 200)}`,
    request: page(`/sign-in?rd=${q(rd)}`, { cookie: '{{s.anna}}' }),
    expect: TO_DASHBOARD,
  }),
);

const dashboard = [...HOSTILE_RETURN_URLS.slice(0, 60), ...GENERATED.slice(0, 20)].map(
  (rd): HostileCase => ({
    name: `signed-in visitor of /?rd=${JSON.stringify(rd).slice(1, 200)}`,
    request: page(`/?rd=${q(rd)}`, { cookie: '{{s.anna}}' }),
    expect: { status: 200, headerAbsent: ['location'] },
  }),
);

const signInAction = [...HOSTILE_RETURN_URLS.slice(0, 45), ...GENERATED.slice(0, 15)].map(
  (rd): HostileCase => ({
    name: `sign-in action with rd=${JSON.stringify(rd).slice(1, 200)}`,
    request: formAction('/sign-in', 'signInAction', [
      ['login', 'rita'],
      ['password', 'correct horse battery staple 42'],
      ['rd', rd],
    ]),
    expect: { redirect: { to: '/', withinAllowedHosts: true } },
  }),
);

const emailLinks = EMAIL_LINK_RETURNS.map(
  (rd, index): HostileCase => ({
    name: `email sign-in link that stored rd=${JSON.stringify(rd).slice(1, 200)}`,
    request: formAction(`/sign-in/email/{{link.email.rd.${index}}}`, 'confirmEmailLinkAction', [['token', `{{link.email.rd.${index}}}`]]),
    expect: { redirect: { to: rd === 'https://app.example.test/ok' ? rd : '/', withinAllowedHosts: true } },
  }),
);

const anonymous = ['https://evil.test/', '//evil.test', 'https://pаperless.example.test/', '/\\evil.test'].map(
  (rd): HostileCase => ({
    name: `anonymous visitor of /?rd=${JSON.stringify(rd).slice(1, 200)} goes to the portal's sign-in`,
    request: page(`/?rd=${q(rd)}`),
    expect: { statusIn: [303, 307], redirect: { withinAllowedHosts: true }, headers: { location: { includes: ['{{portal}}/sign-in'] } } },
  }),
);

const controls: HostileCase[] = [
  ['https://app.example.test/x?y=1#z', 'https://app.example.test/x?y=1#z'],
  ['https://x.other.test/docs', 'https://x.other.test/docs'],
  ['https://other.test/', 'https://other.test/'],
  ['/security', '/security'],
  ['https://APP.Example.test/Docs', 'https://app.example.test/Docs'],
].map(([rd, to]) => ({
  name: `control: signed-in visitor of /sign-in?rd=${rd}`,
  request: page(`/sign-in?rd=${q(rd!)}`, { cookie: '{{s.anna}}' }),
  expect: { statusIn: [303, 307, 308], redirect: { to: to!, withinAllowedHosts: true } },
}));
controls.push({
  name: 'control: signed-in visitor of /sign-in?rd=<the portal URL>/security',
  request: page('/sign-in?rd=http%3A%2F%2Fauth.example.test%3A{{port}}%2Fsecurity', { cookie: '{{s.anna}}' }),
  expect: { statusIn: [303, 307, 308], redirect: { to: '/security', withinAllowedHosts: true } },
});
controls.push({
  name: 'control: sign-in action with an allowed rd goes there',
  request: formAction('/sign-in', 'signInAction', [
    ['login', 'rita'],
    ['password', 'correct horse battery staple 42'],
    ['rd', 'https://app.example.test/after'],
  ]),
  expect: { redirect: { to: 'https://app.example.test/after', withinAllowedHosts: true } },
});

export const RETURN_URLS: CorpusArea = {
  area: 'return-urls',
  title: 'return URLs',
  cases: [...controls, ...signInPage, ...dashboard, ...signInAction, ...emailLinks, ...anonymous],
};
