/**
 * Verify targets: what the proxy says the request was. A target that is not in the one canonical
 * form is refused — 403 with `X-Gatehouse-Status: 400` on the auth-request flavour (nginx turns
 * anything but 2xx/401/403 into a 500), 400 on forward-auth — and never judged. Most cases aim
 * at public.example.test (bypass) or *.open.test (bypass): a target judged instead of refused
 * shows up as a 200.
 */
import fc from 'fast-check';
import { authRequest, forwardAuth, REFUSED_AUTH_REQUEST, REFUSED_FORWARD_AUTH, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

const BYPASS = 'public.example.test';
const SEED = 1212;

/** The same hostile path sent by nginx (X-Original-URL) and by Caddy/Traefik (X-Forwarded-Uri). */
function bothFlavours(name: string, path: string, host = BYPASS): HostileCase[] {
  return [
    { name: `auth-request path ${name}: ${path}`, request: authRequest(`https://${host}${path}`), expect: REFUSED_AUTH_REQUEST },
    { name: `forward-auth path ${name}: ${path}`, request: forwardAuth({ proto: 'https', host, uri: path, method: 'GET' }), expect: REFUSED_FORWARD_AUTH },
  ];
}

// ── Dot segments in every spelling, at every position ────────────────────────────────────────
const DOT_SPELLINGS = ['.', '..', '%2e', '%2E', '%2e%2e', '%2E%2E', '%2e%2E', '.%2e', '%2e.', '.%2E', '%2E.'];
const DOT_POSITIONS: [string, (dot: string) => string][] = [
  ['leading', (dot) => `/${dot}/secret`],
  ['inner', (dot) => `/docs/${dot}/secret`],
  ['trailing', (dot) => `/docs/${dot}`],
  ['before a query', (dot) => `/docs/${dot}?x=1`],
];
const dotSegments = DOT_SPELLINGS.flatMap((dot) =>
  DOT_POSITIONS.flatMap(([where, build]) => bothFlavours(`dot segment ${JSON.stringify(dot)} ${where}`, build(dot))),
);

// ── Other path spellings an upstream reads differently from the rule engine ──────────────────
const PATH_FAMILIES: [string, string[]][] = [
  ['backslash', ['/docs\\secret', '\\secret', '/docs\\..\\..\\secret', '/x\\', '/%5csecret', '/%5Csecret', '/docs%5C..%5Csecret']],
  ['encoded slash', ['/api%2Ftoken/', '/api/token%2F', '/a%2fb', '/%2F', '/%2f%2fevil.test/']],
  ['path parameter', ['/admin;x/', '/docs;jsessionid=1', '/;/secret', '/docs/..;/secret', '/a;']],
  ['empty segment', ['//secret', '/docs//secret', '/docs//', '///', '//']],
  ['invalid escape', ['/%', '/%2', '/%zz', '/%g0', '/%%41', '/docs%', '/%2G', '/%-1', '/%u0041']],
  ['encoded control', ['/%00', '/%01', '/%0a', '/%0D', '/%1f', '/%1F', '/%7f', '/%7F', '/docs%00.html']],
  ['fragment', ['/docs#x', '/#', '/docs/#/../secret']],
  ['raw space', ['/a b', '/docs/ ../secret']],
  ['not starting with a slash', ['docs', '*', 'https://evil.test/', '?x=1']],
];
const pathFamilies = PATH_FAMILIES.flatMap(([family, paths]) =>
  paths.flatMap((path) =>
    // An X-Original-URL cannot carry a path without a leading slash: those are forward-auth only.
    /^[^/\\]/.test(path)
      ? [
          {
            name: `forward-auth path ${family}: ${path}`,
            request: forwardAuth({ proto: 'https', host: BYPASS, uri: path, method: 'GET' }),
            expect: REFUSED_FORWARD_AUTH,
          },
        ]
      : bothFlavours(family, path),
  ),
);

// ── Raw bytes: non-ASCII reaches Gatehouse (obs-text); control bytes stop at Node's parser ───
const RAW_BYTES: HostileCase[] = [
  ...['/dökumente', '/\xe2\x80\xa8', '/\xff', '/docs/\xd0\xb0'].flatMap((path) => bothFlavours('raw non-ASCII bytes', path)),
  ...['/\x01', '/a\x00b', '/\x1b[31m', '/\x7f'].map((path) => ({
    name: `auth-request path with a raw control byte ${JSON.stringify(path)}`,
    request: authRequest(`https://${BYPASS}${path}`),
    expect: { statusIn: [400, 403], notStatus: [200] } satisfies Expectation,
  })),
  { name: 'auth-request query with raw non-ASCII bytes', request: authRequest(`https://${BYPASS}/docs?q=\xc3\xa4`), expect: REFUSED_AUTH_REQUEST },
  { name: 'auth-request query with a raw space', request: authRequest(`https://${BYPASS}/docs?q=a b`), expect: REFUSED_AUTH_REQUEST },
  {
    name: 'forward-auth query with a raw tab',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/docs?q=a\tb', method: 'GET' }),
    expect: REFUSED_FORWARD_AUTH,
  },
];

// ── Authorities: userinfo, @ ? # in the authority, bad hosts, empty labels, IDN, ports ───────
const BAD_AUTHORITIES: [string, string][] = [
  ['userinfo naming the bypass host (issue 12, class 2)', 'public.example.test@paperless.example.test'],
  ['userinfo', 'user@x.open.test'],
  ['userinfo with password', 'user:secret@x.open.test'],
  ['empty userinfo', '@x.open.test'],
  ['encoded at sign', 'x.open.test%40evil.test'],
  ['hash then at sign', 'x.open.test#@evil.test'],
  ['hash right after the host', 'x.open.test#frag'],
  ['backslash in the authority', 'x.open.test\\@evil.test'],
  ['semicolon in the authority', 'x.open.test;evil.test'],
  ['empty first label', '.x.open.test'],
  ['empty inner label', 'x..open.test'],
  ['two trailing dots', 'x.open.test..'],
  ['leading hyphen', '-x.open.test'],
  ['trailing hyphen', 'x-.open.test'],
  ['underscore', 'x_y.open.test'],
  ['label of 64 characters', `${'a'.repeat(64)}.open.test`],
  ['host of 254 characters', `${'b'.repeat(63)}.${'b'.repeat(63)}.${'b'.repeat(63)}.${'b'.repeat(52)}.open.test`],
  ['percent-encoded dot label (issue 12, class 6)', '%2e%2e.open.test'],
  ['percent-encoded letter', '%78.open.test'],
  ['percent-encoded NUL', 'x.open.test%00'],
  ['raw Cyrillic letter (UTF-8 bytes)', 'p\xd0\xb0perless.open.test'],
  ['ideographic full stop (UTF-8 bytes)', 'x\xe3\x80\x82open.test'],
  ['full-width letters (UTF-8 bytes)', '\xef\xbd\x98.open.test'],
  ['port 0', 'x.open.test:0'],
  ['port 65536', 'x.open.test:65536'],
  ['port 99999', 'x.open.test:99999'],
  ['negative port', 'x.open.test:-1'],
  ['empty port', 'x.open.test:'],
  ['port that is not a number', 'x.open.test:https'],
  ['two ports', 'x.open.test:443:443'],
  ['unclosed IPv6 bracket', '[::1'],
  ['text after the IPv6 bracket', '[::1]x.open.test'],
  ['IPv6 with bad digits', '[zz::1]'],
  ['empty host', ''],
  ['only a port', ':443'],
  ['space inside the host', 'x.open .test'],
];
const authorities = BAD_AUTHORITIES.flatMap(([name, authority]): HostileCase[] => {
  const cases: HostileCase[] = [
    { name: `auth-request authority ${name}: ${authority}`, request: authRequest(`https://${authority}/`), expect: REFUSED_AUTH_REQUEST },
  ];
  // X-Forwarded-Host holds only the authority: the same bytes there (those that are not path syntax).
  if (!/[/?#]/.test(authority))
    cases.push({
      name: `forward-auth host ${name}: ${authority}`,
      request: forwardAuth({ proto: 'https', host: authority, uri: '/', method: 'GET' }),
      expect: REFUSED_FORWARD_AUTH,
    });
  return cases;
});
/**
 * A "?" ends the authority (RFC 3986): what follows is the query, and the host is the one before
 * it. Aimed at a denied host with a bypass host after the "@": judged (a plain 403, no
 * X-Gatehouse-Status) as the denied host, never as the one after the "@".
 */
const queryEndsAuthority: HostileCase[] = [
  'blocked.example.test?@public.example.test/',
  'blocked.example.test?@public.example.test',
  'blocked.example.test?x=@public.example.test/',
].map((rest) => ({
  name: `auth-request a query right after the host is the query: https://${rest}`,
  request: authRequest(`https://${rest}`),
  expect: { status: 403, headerAbsent: ['x-gatehouse-status'] },
}));
const forwardedHostOnly: HostileCase[] = [
  ['a path in X-Forwarded-Host', 'x.open.test/secret'],
  ['a query in X-Forwarded-Host', 'x.open.test?x=1'],
  ['a list in X-Forwarded-Host', 'x.open.test, evil.test'],
  ['a URL in X-Forwarded-Host', 'https://x.open.test'],
].map(([name, host]) => ({
  name: `forward-auth host ${name}: ${host}`,
  request: forwardAuth({ proto: 'https', host, uri: '/', method: 'GET' }),
  expect: REFUSED_FORWARD_AUTH,
}));

// ── Schemes ───────────────────────────────────────────────────────────────────────────────────
const originalUrlSchemes: HostileCase[] = [
  'ftp://public.example.test/',
  'javascript://public.example.test/%0aalert(1)',
  'wss://public.example.test/',
  'file:///etc/passwd',
  '//public.example.test/',
  'public.example.test/',
  '/',
  'https:/public.example.test/',
  'https:public.example.test/',
  'https:///public.example.test/',
  'https+x://public.example.test/',
  'htt\tps://public.example.test/',
  'https ://public.example.test/',
  '',
].map((url) => ({ name: `auth-request scheme: ${JSON.stringify(url)}`, request: authRequest(url), expect: REFUSED_AUTH_REQUEST }));
const forwardedProtos: HostileCase[] = ['ftp', 'https, http', 'http:', 'https://', 'ws', 'javascript', 'HTTP/1.1', 'h2', 'httpss', ''].map((proto) => ({
  name: `forward-auth X-Forwarded-Proto: ${JSON.stringify(proto)}`,
  request: forwardAuth({ proto, host: BYPASS, uri: '/', method: 'GET' }),
  expect: REFUSED_FORWARD_AUTH,
}));

// ── Methods ───────────────────────────────────────────────────────────────────────────────────
const BAD_METHODS = ['G ET', 'GE\tT', 'GET,POST', 'GET/1', 'P0ST', 'DELETE;', 'GET\xc4\x9e', '%47ET', 'ABCDEFGHIJKLMNOPQRSTU', '', 'G-ET', 'GET\\'];
const methods = BAD_METHODS.flatMap((method): HostileCase[] => [
  { name: `auth-request method ${JSON.stringify(method)}`, request: authRequest(`https://${BYPASS}/`, { method }), expect: REFUSED_AUTH_REQUEST },
  {
    name: `forward-auth method ${JSON.stringify(method)}`,
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method }),
    expect: REFUSED_FORWARD_AUTH,
  },
]);

// ── Missing, duplicated and over-long headers ─────────────────────────────────────────────────
const url = `https://${BYPASS}/`;
const structural: HostileCase[] = [
  {
    name: 'auth-request with no target at all',
    request: { target: '/api/verify', headers: [['Accept', 'text/html']], peer: 'trusted' },
    expect: REFUSED_AUTH_REQUEST,
  },
  {
    name: 'auth-request with X-Forwarded-Host but no proto or URI',
    request: { target: '/api/verify', headers: [['X-Forwarded-Host', BYPASS]], peer: 'trusted' },
    expect: REFUSED_AUTH_REQUEST,
  },
  {
    name: 'forward-auth with no target at all',
    request: { target: '/api/verify/forward-auth', headers: [['Accept', 'text/html']], peer: 'trusted' },
    expect: REFUSED_FORWARD_AUTH,
  },
  { name: 'forward-auth without X-Forwarded-Uri', request: forwardAuth({ proto: 'https', host: BYPASS, method: 'GET' }), expect: REFUSED_FORWARD_AUTH },
  { name: 'forward-auth without X-Forwarded-Host', request: forwardAuth({ proto: 'https', uri: '/', method: 'GET' }), expect: REFUSED_FORWARD_AUTH },
  { name: 'forward-auth without X-Forwarded-Proto', request: forwardAuth({ host: BYPASS, uri: '/', method: 'GET' }), expect: REFUSED_FORWARD_AUTH },
  {
    name: 'forward-auth given only X-Original-URL',
    request: { target: '/api/verify/forward-auth', headers: [['X-Original-URL', url]], peer: 'trusted' },
    expect: REFUSED_FORWARD_AUTH,
  },
  { name: 'X-Original-URL twice, same value', request: authRequest(url, { headers: [['X-Original-URL', url]] }), expect: REFUSED_AUTH_REQUEST },
  {
    name: 'X-Original-URL twice, another host second',
    request: authRequest(url, { headers: [['X-Original-URL', 'https://blocked.example.test/']] }),
    expect: REFUSED_AUTH_REQUEST,
  },
  {
    name: 'X-Original-URL twice, the bypass host second',
    request: authRequest('https://blocked.example.test/', { headers: [['X-Original-URL', url]] }),
    expect: REFUSED_AUTH_REQUEST,
  },
  { name: 'X-Original-Method twice', request: authRequest(url, { method: 'GET', headers: [['X-Original-Method', 'POST']] }), expect: REFUSED_AUTH_REQUEST },
  {
    name: 'X-Forwarded-Host twice',
    request: forwardAuth({ proto: 'https', host: 'blocked.example.test', uri: '/', method: 'GET' }, { headers: [['X-Forwarded-Host', BYPASS]] }),
    expect: REFUSED_FORWARD_AUTH,
  },
  {
    name: 'X-Forwarded-Uri twice',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method: 'GET' }, { headers: [['X-Forwarded-Uri', '/x']] }),
    expect: REFUSED_FORWARD_AUTH,
  },
  {
    name: 'X-Forwarded-Proto twice',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method: 'GET' }, { headers: [['X-Forwarded-Proto', 'http']] }),
    expect: REFUSED_FORWARD_AUTH,
  },
  {
    name: 'X-Forwarded-Method twice',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method: 'GET' }, { headers: [['X-Forwarded-Method', 'POST']] }),
    expect: REFUSED_FORWARD_AUTH,
  },
  { name: 'auth-request X-Original-URL of 8,193 characters', request: authRequest(`${url}${'a'.repeat(8193 - url.length)}`), expect: REFUSED_AUTH_REQUEST },
  { name: 'auth-request X-Original-URL of 20,000 characters', request: authRequest(`${url}${'a/'.repeat(10_000)}`), expect: REFUSED_AUTH_REQUEST },
  { name: 'auth-request X-Original-URL of 60,000 characters', request: authRequest(`${url}?${'q'.repeat(60_000)}`), expect: REFUSED_AUTH_REQUEST },
  {
    name: 'forward-auth X-Forwarded-Uri of 9,000 characters',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: `/${'a'.repeat(8999)}`, method: 'GET' }),
    expect: REFUSED_FORWARD_AUTH,
  },
  {
    name: 'forward-auth X-Forwarded-Host of 9,000 characters',
    request: forwardAuth({ proto: 'https', host: `${'a.'.repeat(4500)}open.test`, uri: '/', method: 'GET' }),
    expect: REFUSED_FORWARD_AUTH,
  },
  {
    name: 'auth-request headers over 64 KiB in all (Node answers 431 before Gatehouse)',
    request: authRequest(`${url}?${'q'.repeat(70_000)}`),
    expect: { statusIn: [403, 431], notStatus: [200] },
  },
];

// ── Rules see the canonical path: case and escaped letters do not dodge a deny ──────────────
const DENY_SPELLINGS = ['/ADMIN', '/Admin/users', '/aDmIn/', '/%61dmin', '/%41DMIN/x', '/adm%69n'];
const canonicalPaths: HostileCase[] = DENY_SPELLINGS.flatMap((path): HostileCase[] => [
  {
    name: `auth-request deny rule on /admin, spelled ${path}, with a session`,
    request: authRequest(`https://app.example.test${path}`, { headers: [['Cookie', 'gatehouse_session={{s.anna2}}']] }),
    expect: { status: 403, notStatus: [200], headerAbsent: ['remote-user'] },
  },
  {
    name: `forward-auth deny rule on /admin, spelled ${path}, with a session`,
    request: forwardAuth({ proto: 'https', host: 'app.example.test', uri: path, method: 'GET' }, { headers: [['Cookie', 'gatehouse_session={{s.anna2}}']] }),
    expect: { status: 403, notStatus: [200], headerAbsent: ['remote-user'] },
  },
]);

// ── The sign-in Location stays within what the proxies buffer ────────────────────────────────
const longPath = `/docs/${'x'.repeat(3900)}`;
const capped: HostileCase[] = [
  {
    name: 'auth-request, anonymous, a 3.9 KB target: Location capped to the origin',
    request: authRequest(`https://app.example.test${longPath}`),
    expect: { status: 401, headers: { location: { equals: '{{portal}}/sign-in?rd=https%3A%2F%2Fapp.example.test%2F', maxLength: 2000 } } },
  },
  {
    name: 'forward-auth, anonymous browser, a 3.9 KB target: Location capped to the origin',
    request: forwardAuth({ proto: 'https', host: 'app.example.test', uri: longPath, method: 'GET' }),
    expect: { status: 302, headers: { location: { equals: '{{portal}}/sign-in?rd=https%3A%2F%2Fapp.example.test%2F', maxLength: 2000 } } },
  },
  {
    name: 'auth-request, anonymous, a target just under 2,000 bytes once escaped: Location capped',
    request: authRequest(`https://app.example.test/${'%2541'.repeat(380)}`),
    expect: { status: 401, headers: { location: { maxLength: 2000 } } },
  },
];

// ── Controls: the canonical forms are judged (so the refusals above are about the spelling) ──
const controls: HostileCase[] = [
  { name: 'control: auth-request to the bypass host', request: authRequest(url), expect: { status: 200 } },
  {
    name: 'control: forward-auth to the bypass host',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method: 'GET' }),
    expect: { status: 200 },
  },
  { name: 'control: upper case and one trailing dot are the same host', request: authRequest('https://PUBLIC.Example.TEST./docs'), expect: { status: 200 } },
  { name: 'control: a subdomain of the wildcard bypass', request: authRequest('https://x.open.test/'), expect: { status: 200 } },
  { name: 'control: default port elided', request: forwardAuth({ proto: 'https', host: `${BYPASS}:443`, uri: '/', method: 'GET' }), expect: { status: 200 } },
  { name: 'control: escaped unreserved characters are decoded, not refused', request: authRequest(`https://${BYPASS}/%7Euser/%41`), expect: { status: 200 } },
  { name: 'control: method in lower case', request: authRequest(url, { method: 'post' }), expect: { status: 200 } },
  { name: 'control: Authelia path, auth-request flavour', request: authRequest(url, { path: '/api/authz/auth-request' }), expect: { status: 200 } },
  {
    name: 'control: Authelia path, forward-auth flavour',
    request: forwardAuth({ proto: 'https', host: BYPASS, uri: '/', method: 'GET' }, { path: '/api/authz/forward-auth' }),
    expect: { status: 200 },
  },
  {
    name: 'control: a short target keeps its full rd',
    request: authRequest('https://app.example.test/docs/?page=2'),
    expect: { status: 401, headers: { location: { equals: '{{portal}}/sign-in?rd=https%3A%2F%2Fapp.example.test%2Fdocs%2F%3Fpage%3D2' } } },
  },
];

// ── Authelia's paths refuse the same way ─────────────────────────────────────────────────────
const autheliaPaths: HostileCase[] = ['/docs/../secret', '/docs/%2e%2e/secret', '/api%2Ftoken/', '/docs\\..\\secret', '/admin;x/', '//secret'].flatMap(
  (path): HostileCase[] => [
    {
      name: `Authelia auth-request path: ${path}`,
      request: authRequest(`https://${BYPASS}${path}`, { path: '/api/authz/auth-request' }),
      expect: REFUSED_AUTH_REQUEST,
    },
    {
      name: `Authelia forward-auth path: ${path}`,
      request: forwardAuth({ proto: 'https', host: BYPASS, uri: path, method: 'GET' }, { path: '/api/authz/forward-auth' }),
      expect: REFUSED_FORWARD_AUTH,
    },
    {
      name: `auth-request from the X-Forwarded-* set, path: ${path}`,
      request: forwardAuth({ proto: 'https', host: BYPASS, uri: path, method: 'GET' }, { path: '/api/verify' }),
      expect: REFUSED_AUTH_REQUEST,
    },
  ],
);

// ── Generated: a hostile piece at a random place in an ordinary path (fixed seed) ────────────
const HOSTILE_PIECES = ['..', '.', '%2e%2e', '.%2E', '%2E', '\\', '%5c', '%2F', ';x', '%', '%0a', '%00', '#', ' ', '%zz', 'a\\..'];
const segment = fc.stringMatching(/^[a-zA-Z0-9_~-]{1,8}$/);
const generatedPaths = fc.sample(
  fc
    .tuple(
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      fc.nat(),
      fc.constantFrom(...HOSTILE_PIECES),
      fc.option(fc.stringMatching(/^[a-z0-9=&]{1,10}$/), { nil: undefined }),
    )
    .map(([segments, at, piece, query]) => {
      const parts = [...segments];
      parts.splice(at % (parts.length + 1), 0, piece);
      return `/${parts.join('/')}${query ? `?${query}` : ''}`;
    }),
  { seed: SEED, numRuns: 40 },
);
const generated = [...new Set(generatedPaths)].flatMap((path) => bothFlavours('generated', path));

export const VERIFY_TARGETS: CorpusArea = {
  area: 'verify-targets',
  title: 'verify targets',
  cases: [
    ...controls,
    ...dotSegments,
    ...pathFamilies,
    ...RAW_BYTES,
    ...authorities,
    ...queryEndsAuthority,
    ...forwardedHostOnly,
    ...originalUrlSchemes,
    ...forwardedProtos,
    ...methods,
    ...structural,
    ...canonicalPaths,
    ...capped,
    ...autheliaPaths,
    ...generated,
  ],
};
