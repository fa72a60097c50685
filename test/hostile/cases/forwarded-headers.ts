/**
 * Forwarded headers: X-Forwarded-For, X-Real-IP and friends are believed only from a trusted
 * proxy (GATEHOUSE_TRUSTED_PROXIES = 127.0.0.1 here); from any other peer they do not move the
 * client address that network rules see. lan.example.test is bypass for 192.0.2.0/24 and
 * one_factor otherwise, so an anonymous request that convinces Gatehouse it comes from
 * 192.0.2.7 gets a 200 instead of the sign-in 401. The judged host is the target's, never the
 * Host header's, and upstream-only answers never go to an untrusted peer.
 */
import { authRequest, forwardAuth, formAction, page, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

const LAN = 'https://lan.example.test/';
const SIGN_IN: Expectation = { status: 401, notStatus: [200], headers: { location: { includes: ['/sign-in?rd='] } } };

const SPOOFS: [string, [string, string][]][] = [
  ['X-Forwarded-For', [['X-Forwarded-For', '192.0.2.7']]],
  ['X-Forwarded-For with several hops', [['X-Forwarded-For', '192.0.2.7, 192.0.2.8, 192.0.2.9']]],
  ['X-Forwarded-For with a port', [['X-Forwarded-For', '192.0.2.7:4711']]],
  ['X-Forwarded-For as an IPv4-mapped IPv6 address', [['X-Forwarded-For', '::ffff:192.0.2.7']]],
  ['X-Forwarded-For in brackets', [['X-Forwarded-For', '[::ffff:192.0.2.7]']]],
  [
    'X-Forwarded-For twice',
    [
      ['X-Forwarded-For', '192.0.2.7'],
      ['X-Forwarded-For', '192.0.2.7'],
    ],
  ],
  ['X-Forwarded-For in upper case', [['X-FORWARDED-FOR', '192.0.2.7']]],
  ['X-Real-IP', [['X-Real-IP', '192.0.2.7']]],
  [
    'X-Real-IP and X-Forwarded-For together',
    [
      ['X-Real-IP', '192.0.2.7'],
      ['X-Forwarded-For', '192.0.2.7'],
    ],
  ],
  ['Forwarded (RFC 7239)', [['Forwarded', 'for=192.0.2.7;proto=https']]],
  ['True-Client-IP', [['True-Client-IP', '192.0.2.7']]],
  ['X-Client-IP', [['X-Client-IP', '192.0.2.7']]],
  ['CF-Connecting-IP', [['CF-Connecting-IP', '192.0.2.7']]],
  ['X-Cluster-Client-IP', [['X-Cluster-Client-IP', '192.0.2.7']]],
  ['Fastly-Client-IP', [['Fastly-Client-IP', '192.0.2.7']]],
];

const untrustedPeer: HostileCase[] = SPOOFS.flatMap(([name, headers]): HostileCase[] => [
  { name: `auth-request from an untrusted peer with ${name}`, request: authRequest(LAN, { headers, peer: 'untrusted' }), expect: SIGN_IN },
  {
    name: `forward-auth from an untrusted peer with ${name}`,
    request: forwardAuth(
      { proto: 'https', host: 'lan.example.test', uri: '/', method: 'GET' },
      { headers: [...headers, ['Accept', 'application/json']], peer: 'untrusted' },
    ),
    expect: { status: 401, notStatus: [200] },
  },
]);

const trustedPeer: HostileCase[] = [
  {
    name: 'control: a trusted proxy’s X-Forwarded-For is believed',
    request: authRequest(LAN, { headers: [['X-Forwarded-For', '192.0.2.7']] }),
    expect: { status: 200 },
  },
  { name: 'control: a trusted proxy’s X-Real-IP is believed', request: authRequest(LAN, { headers: [['X-Real-IP', '192.0.2.7']] }), expect: { status: 200 } },
  {
    name: 'trusted proxy: the rightmost untrusted hop decides, not a client-written one on the left',
    request: authRequest(LAN, { headers: [['X-Forwarded-For', '192.0.2.7, 198.51.100.1']] }),
    expect: SIGN_IN,
  },
  {
    name: 'trusted proxy: a malformed hop stops the walk at the peer',
    request: authRequest(LAN, { headers: [['X-Forwarded-For', '192.0.2.7, not-an-address']] }),
    expect: SIGN_IN,
  },
  { name: 'trusted proxy: Forwarded is not read', request: authRequest(LAN, { headers: [['Forwarded', 'for=192.0.2.7']] }), expect: SIGN_IN },
  { name: 'trusted proxy: True-Client-IP is not read', request: authRequest(LAN, { headers: [['True-Client-IP', '192.0.2.7']] }), expect: SIGN_IN },
];

/** The host judged is the target's: Host and X-Forwarded-Host of the verify request itself do not count. */
const hostSpoofing: HostileCase[] = [
  {
    name: 'auth-request: X-Original-URL names a one_factor app, Host and X-Forwarded-Host the bypass host',
    request: authRequest('https://app.example.test/docs', {
      headers: [
        ['Host', 'public.example.test'],
        ['X-Forwarded-Host', 'public.example.test'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-Uri', '/'],
      ],
    }),
    expect: SIGN_IN,
  },
  {
    name: 'forward-auth: X-Forwarded-Host names a one_factor app, X-Original-URL and Host the bypass host',
    request: forwardAuth(
      { proto: 'https', host: 'app.example.test', uri: '/docs', method: 'GET' },
      {
        headers: [
          ['X-Original-URL', 'https://public.example.test/'],
          ['Host', 'public.example.test'],
        ],
      },
    ),
    expect: { status: 302, notStatus: [200] },
  },
  {
    name: 'auth-request: X-Original-URL names a denied host, X-Forwarded-* the bypass host',
    request: authRequest('https://blocked.example.test/', {
      headers: [
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-Host', 'public.example.test'],
        ['X-Forwarded-Uri', '/'],
      ],
    }),
    expect: { status: 403, notStatus: [200] },
  },
  {
    name: 'auth-request: a denied host in X-Original-URL with an absolute-form request line naming the bypass host',
    request: { ...authRequest('https://blocked.example.test/'), target: 'http://public.example.test/api/verify' },
    expect: { notStatus: [200], redirect: { withinAllowedHosts: true, optional: true } },
  },
  {
    name: 'a page requested with an absolute-form request line naming another host is not redirected there',
    request: { ...page('/security'), target: 'http://evil.test/security' },
    expect: { notStatus: [200], redirect: { withinAllowedHosts: true, optional: true } },
  },
];

/** Upstream-only answers (the real Paperless token) go only to a trusted proxy. */
const upstreamOnly: HostileCase[] = [
  {
    name: 'auth-request: a valid device token from an untrusted peer gets no X-Paperless-Authorization',
    request: authRequest('https://paperless.example.test/api/documents/', { headers: [['Authorization', 'Token {{dt.anna}}']], peer: 'untrusted' }),
    expect: { headerAbsent: ['x-paperless-authorization', 'authorization'] },
  },
  {
    name: 'forward-auth: a valid device token from an untrusted peer gets neither Authorization nor X-Paperless-Authorization',
    request: forwardAuth(
      { proto: 'https', host: 'paperless.example.test', uri: '/api/documents/', method: 'GET' },
      { headers: [['Authorization', 'Token {{dt.anna}}']], peer: 'untrusted' },
    ),
    expect: { headerAbsent: ['x-paperless-authorization', 'authorization'] },
  },
  {
    name: 'auth-request: an untrusted peer claiming X-Forwarded-For 127.0.0.1 still gets no X-Paperless-Authorization',
    request: authRequest('https://paperless.example.test/api/documents/', {
      headers: [
        ['Authorization', 'Token {{dt.anna}}'],
        ['X-Forwarded-For', '127.0.0.1'],
        ['X-Real-IP', '127.0.0.1'],
      ],
      peer: 'untrusted',
    }),
    expect: { headerAbsent: ['x-paperless-authorization', 'authorization'] },
  },
  {
    name: 'control: the trusted proxy gets X-Paperless-Authorization for a valid device token',
    request: authRequest('https://paperless.example.test/api/documents/', { headers: [['Authorization', 'Token {{dt.anna}}']] }),
    expect: { status: 200, headers: { 'x-paperless-authorization': { matches: /^Token [0-9a-f]{40}$/, excludes: ['{{dt.anna}}'] } } },
  },
];

/** The portal's own forms: a spoofed X-Forwarded-Host does not make a foreign Origin "same origin". */
const portalForms: HostileCase[] = [
  {
    name: 'sign-in action from an untrusted peer, Origin evil.test and X-Forwarded-Host evil.test',
    request: formAction(
      '/sign-in',
      'signInAction',
      [
        ['login', 'rita'],
        ['password', 'correct horse battery staple 42'],
      ],
      { origin: 'http://evil.test', extraHeaders: [['X-Forwarded-Host', 'evil.test']] },
    ),
    expect: { refusal: true, noSession: true },
  },
  {
    name: 'an anonymous page view with X-Forwarded-Host and X-Forwarded-Proto is still sent to the portal’s own sign-in',
    request: page('/security', {
      headers: [
        ['X-Forwarded-Host', 'evil.test'],
        ['X-Forwarded-Proto', 'https'],
      ],
    }),
    expect: { statusIn: [303, 307], redirect: { to: '{{portal}}/sign-in?rd=%2Fsecurity', withinAllowedHosts: true } },
  },
  {
    name: 'an anonymous page view with Host evil.test is still sent to the portal’s own sign-in',
    request: page('/security', { headers: [['Host', 'evil.test']] }),
    expect: { statusIn: [303, 307], redirect: { to: '{{portal}}/sign-in?rd=%2Fsecurity', withinAllowedHosts: true } },
  },
];

export const FORWARDED_HEADERS: CorpusArea = {
  area: 'forwarded-headers',
  title: 'forwarded headers',
  cases: [...untrustedPeer, ...trustedPeer, ...hostSpoofing, ...upstreamOnly, ...portalForms],
};
