/**
 * Session cookies: forged, truncated, stretched, over-long, stale, and more than one of our name
 * in a request (cookie tossing from a sibling subdomain, or a host-only cookie beside the domain
 * one). Anything but exactly one valid session cookie is no session — at the verify endpoint
 * (app.example.test is one_factor: anonymous gets the sign-in 401) and in the portal. On a 2xx
 * the verify answer hands the proxy the Cookie header without the session cookie.
 */
import { authRequest, forwardAuth, formAction, page, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

const APP = 'https://app.example.test/docs';
const ANONYMOUS: Expectation = { status: 401, notStatus: [200], headerAbsent: ['remote-user'], headers: { location: { includes: ['/sign-in?rd='] } } };
const SIGN_IN_PAGE: Expectation = {
  statusIn: [303, 307],
  notStatus: [200],
  noSession: true,
  redirect: { withinAllowedHosts: true },
  headers: { location: { includes: ['/sign-in'] } },
};

/** Values of a single gatehouse_session cookie that are no session. */
const FORGED: [string, string][] = [
  ['43 letters', 'A'.repeat(43)],
  ['a well-formed unknown value', 'q3Xv9oBfXyJzL1mQe7sT2uVw4xYz0aBcDeFgHiJkLmN'],
  ['SQL', "' OR '1'='1"],
  ['empty', ''],
  ['the valid value in quotes', '"{{s.anna}}"'],
  ['the valid value percent-encoded', '{{s.anna.percent}}'],
  ['the valid value missing its last character', '{{s.anna.truncated}}'],
  ['the valid value with a character more', '{{s.anna.extended}}'],
  ['the valid value in upper case', '{{s.anna.upper}}'],
  ['8 KB', 'x'.repeat(8192)],
  ['60 KB', 'y'.repeat(60_000)],
  ['UTF-8 bytes', '\xd0\xb0'.repeat(20)],
  ['a JSON object', '{"userId":"anna","level":"two_factor"}'],
  ['an expired session', '{{s.expired}}'],
  ['a revoked session', '{{s.revoked}}'],
  ['an idle session', '{{s.idle}}'],
  ['the session of a disabled user', '{{s.carol}}'],
  ['a device token as the cookie', '{{dt.anna}}'],
];

const forged: HostileCase[] = FORGED.flatMap(([name, value]): HostileCase[] => [
  { name: `auth-request session cookie: ${name}`, request: authRequest(APP, { headers: [['Cookie', `gatehouse_session=${value}`]] }), expect: ANONYMOUS },
  {
    name: `forward-auth session cookie: ${name}`,
    request: forwardAuth(
      { proto: 'https', host: 'app.example.test', uri: '/docs', method: 'GET' },
      {
        headers: [
          ['Cookie', `gatehouse_session=${value}`],
          ['Accept', 'application/json'],
        ],
      },
    ),
    expect: { status: 401, notStatus: [200], headerAbsent: ['remote-user'] },
  },
]);

/** More than one cookie of our name: no session, whichever of them is valid. */
const TWO: [string, [string, string][]][] = [
  ['the same valid session twice', [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session={{s.anna}}']]],
  ['two valid sessions of two users', [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session={{s.admin}}']]],
  ['a forged one first, then a valid one (tossed from a sibling subdomain)', [['Cookie', `gatehouse_session=${'A'.repeat(43)}; gatehouse_session={{s.anna}}`]]],
  ['a valid one first, then a forged one', [['Cookie', `gatehouse_session={{s.anna}}; gatehouse_session=${'A'.repeat(43)}`]]],
  ['an empty one, then a valid one', [['Cookie', 'gatehouse_session=; gatehouse_session={{s.anna}}']]],
  ['a valid one, then an empty one', [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session=']]],
  ['an expired one, then a valid one', [['Cookie', 'gatehouse_session={{s.expired}}; gatehouse_session={{s.anna}}']]],
  ['three cookies, one valid', [['Cookie', 'gatehouse_session=x; gatehouse_session=y; gatehouse_session={{s.anna}}']]],
  [
    'five cookies, the last valid',
    [['Cookie', 'gatehouse_session=a; gatehouse_session=b; gatehouse_session=c; gatehouse_session=d; gatehouse_session={{s.anna}}']],
  ],
  [
    'two Cookie headers, each with a valid session',
    [
      ['Cookie', 'gatehouse_session={{s.anna}}'],
      ['Cookie', 'gatehouse_session={{s.admin}}'],
    ],
  ],
  [
    'two Cookie headers, forged then valid',
    [
      ['Cookie', 'gatehouse_session=forged'],
      ['Cookie', 'gatehouse_session={{s.anna}}'],
    ],
  ],
  ['a valid one among other cookies, and a second one later', [['Cookie', 'a=1; gatehouse_session={{s.anna}}; b=2; gatehouse_session={{s.anna}}']]],
];

const twoCookies: HostileCase[] = TWO.flatMap(([name, headers]): HostileCase[] => [
  { name: `auth-request ${name}`, request: authRequest(APP, { headers }), expect: ANONYMOUS },
  {
    name: `forward-auth ${name}`,
    request: forwardAuth({ proto: 'https', host: 'app.example.test', uri: '/docs', method: 'GET' }, { headers: [...headers, ['Accept', 'application/json']] }),
    expect: { status: 401, notStatus: [200], headerAbsent: ['remote-user'] },
  },
]);

/** Names that only look like ours are other cookies: no session. */
const lookalikeNames: HostileCase[] = [
  'GATEHOUSE_SESSION',
  'Gatehouse_Session',
  'gatehouse_session2',
  '__Host-gatehouse_session',
  '__Secure-gatehouse_session',
  'gatehouse-session',
  'gatehouse%5Fsession',
].map((name) => ({
  name: `auth-request cookie named ${name} with a valid value`,
  request: authRequest(APP, { headers: [['Cookie', `${name}={{s.anna}}`]] }),
  expect: ANONYMOUS,
}));

/** The session cookie never reaches the app: the rest of the Cookie header is handed back. */
const stripped: HostileCase[] = [
  {
    name: 'auth-request 200 with other cookies around the session: X-Gatehouse-Cookie keeps them, drops the session',
    request: authRequest(APP, { headers: [['Cookie', 'a=1; gatehouse_session={{s.anna}}; b=2']] }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { includes: ['a=1', 'b=2'], excludes: ['gatehouse_session', '{{s.anna}}'] } } },
  },
  {
    name: 'forward-auth 200 with other cookies around the session: Cookie keeps them, drops the session',
    request: forwardAuth(
      { proto: 'https', host: 'app.example.test', uri: '/docs', method: 'GET' },
      { headers: [['Cookie', 'a=1; gatehouse_session={{s.anna}}; b=2']] },
    ),
    expect: { status: 200, headers: { cookie: { includes: ['a=1', 'b=2'], excludes: ['gatehouse_session', '{{s.anna}}'] } } },
  },
  {
    name: 'auth-request 200 with only the session cookie: no X-Gatehouse-Cookie (the app gets no Cookie)',
    request: authRequest(APP, { headers: [['Cookie', 'gatehouse_session={{s.anna}}']] }),
    expect: { status: 200, headerAbsent: ['x-gatehouse-cookie'] },
  },
  {
    name: 'forward-auth 200 with only the session cookie: no Cookie in the answer (the app gets none)',
    request: forwardAuth({ proto: 'https', host: 'app.example.test', uri: '/docs', method: 'GET' }, { headers: [['Cookie', 'gatehouse_session={{s.anna}}']] }),
    expect: { status: 200, headerAbsent: ['cookie'] },
  },
  {
    name: 'auth-request bypass host with a session cookie: still stripped',
    request: authRequest('https://public.example.test/', { headers: [['Cookie', 'theme=dark; gatehouse_session={{s.anna}}']] }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { includes: ['theme=dark'], excludes: ['gatehouse_session', '{{s.anna}}'] } } },
  },
  {
    name: 'auth-request bypass host with two session cookies: both stripped',
    request: authRequest('https://public.example.test/', { headers: [['Cookie', 'gatehouse_session={{s.anna}}; theme=dark; gatehouse_session={{s.admin}}']] }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { includes: ['theme=dark'], excludes: ['gatehouse_session', '{{s.anna}}', '{{s.admin}}'] } } },
  },
  {
    name: 'auth-request bypass host with a forged session cookie: stripped too',
    request: authRequest('https://public.example.test/', { headers: [['Cookie', 'gatehouse_session=forged; theme=dark']] }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { includes: ['theme=dark'], excludes: ['gatehouse_session', 'forged'] } } },
  },
  {
    name: 'auth-request bypass host, anonymous with an app cookie: handed back as it was',
    request: authRequest('https://public.example.test/', { headers: [['Cookie', 'csrftoken=abc']] }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { equals: 'csrftoken=abc' } } },
  },
  {
    name: 'auth-request device token request with the session cookie too: the session is stripped',
    request: authRequest('https://paperless.example.test/api/', {
      headers: [
        ['Authorization', 'Token {{dt.anna}}'],
        ['Cookie', 'csrftoken=abc; gatehouse_session={{s.anna2}}'],
      ],
    }),
    expect: { status: 200, headers: { 'x-gatehouse-cookie': { includes: ['csrftoken=abc'], excludes: ['gatehouse_session', '{{s.anna2}}'] } } },
  },
];

/** The portal itself: the same cookies are no session there either. */
const portal: HostileCase[] = [
  ...FORGED.map(
    ([name, value]): HostileCase => ({
      name: `portal page with session cookie: ${name}`,
      request: page('/security', { headers: [['Cookie', `gatehouse_session=${value}`]] }),
      expect: SIGN_IN_PAGE,
    }),
  ),
  ...TWO.map(([name, headers]): HostileCase => ({ name: `portal page with ${name}`, request: page('/security', { headers }), expect: SIGN_IN_PAGE })),
  {
    // A page sends the browser to sign-in (above), keeping the cookies so that page can say why;
    // the sign-in page explains, and its answer expires both.
    name: 'portal: the sign-in page explains two session cookies and expires both the host-only and the domain cookie',
    request: page('/sign-in', { headers: [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session={{s.admin}}']] }),
    expect: { status: 200, bodyIncludes: ['two session cookies', 'example.test'], noSession: true, expiresSessionCookies: ['domain', 'host'] },
  },
  {
    name: 'portal: the sign-in page with two valid cookies does not send the browser on as signed in',
    request: page('/sign-in?rd=%2Fsecurity', { headers: [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session={{s.anna}}']] }),
    expect: { status: 200, headerAbsent: ['location'] },
  },
  {
    name: 'portal: a user action with two valid session cookies is refused',
    request: formAction('/security', 'signOutEverywhereAction', [], {
      extraHeaders: [['Cookie', 'gatehouse_session={{s.anna}}; gatehouse_session={{s.admin}}']],
    }),
    expect: { refusal: true, noSession: true },
  },
  {
    name: 'portal: 60 KB cookie header of many small cookies',
    request: page('/security', { headers: [['Cookie', Array.from({ length: 6000 }, (_, i) => `c${i}=v`).join('; ')]] }),
    expect: { notStatus: [200] },
  },
  {
    name: 'portal: a cookie header over 64 KiB',
    request: page('/security', { headers: [['Cookie', `gatehouse_session=${'z'.repeat(70_000)}`]] }),
    expect: { statusIn: [303, 307, 400, 431], noSession: true },
  },
  {
    name: 'control: one valid session cookie opens the page',
    request: page('/security', { cookie: '{{s.anna}}' }),
    expect: { status: 200 },
  },
];

export const COOKIES: CorpusArea = { area: 'cookies', title: 'cookies', cases: [...forged, ...twoCookies, ...lookalikeNames, ...stripped, ...portal] };
