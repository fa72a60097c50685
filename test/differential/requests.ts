/**
 * Hostile raw HTTP/1.x requests for the differential harness, generated with fast-check: request
 * lines in origin and absolute form, Host headers that disagree with them (or are missing,
 * doubled, upper-case, with a trailing dot or another port), paths with percent-encodings, dot
 * segments in every spelling, backslashes, `;` parameters, repeated slashes, case changes, raw
 * bytes and very long segments, several Cookie headers and session cookies, device tokens on the
 * wrong host, and forged identity/target headers.
 *
 * A request is a plan with placeholders ({{port}}, {{alice}}, {{bob}}, {{device}}) that the
 * harness fills in with the proxy's port and the seeded credentials, so a failing plan can be
 * kept verbatim as a named test case (kept-cases.ts).
 */
import fc from 'fast-check';
import type { THeader } from './raw-http';

export const HOSTS = {
  /** deny /admin, two_factor /secure, one_factor for the rest. */
  app: 'app.example.test',
  /** bypass for everyone. */
  public: 'public.example.test',
  /** Paperless-ngx (two_factor; device tokens valid here only). */
  paperless: 'paperless.example.test',
  portal: 'auth.example.test',
} as const;
/** Hosts the proxy does not serve (no rule names them either: Gatehouse's default is deny). */
export const UNSERVED_HOSTS = ['other.example.test', 'evil.test'] as const;

export const SESSION_COOKIE = 'gatehouse_session';

export type TRequestPlan = {
  method: string;
  target: string;
  version: 'HTTP/1.1' | 'HTTP/1.0';
  headers: THeader[];
  body?: string;
};

export type TSecrets = { port: number; alice: string; bob: string; device: string };

/** The header the harness correlates every observation by (client → proxy → Gatehouse, upstream). */
export const ID_HEADER = 'X-Harness-Id';

function fill(text: string, secrets: TSecrets): string {
  return text
    .replaceAll('{{port}}', String(secrets.port))
    .replaceAll('{{alice}}', secrets.alice)
    .replaceAll('{{bob}}', secrets.bob)
    .replaceAll('{{device}}', secrets.device);
}

/** The plan with its placeholders filled in. */
export function resolvePlan(plan: TRequestPlan, secrets: TSecrets): TRequestPlan {
  return {
    ...plan,
    target: fill(plan.target, secrets),
    headers: plan.headers.map(([name, value]) => [name, fill(value, secrets)]),
    ...(plan.body !== undefined ? { body: fill(plan.body, secrets) } : {}),
  };
}

/** The bytes on the wire (latin1), with the correlation id and `Connection: close`. */
export function wire(plan: TRequestPlan, id: string): string {
  const lines = [
    `${plan.method} ${plan.target} ${plan.version}`,
    ...plan.headers.map(([name, value]) => `${name}: ${value}`),
    `${ID_HEADER}: ${id}`,
    'Connection: close',
  ];
  if (plan.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(plan.body, 'latin1')}`);
  return `${lines.join('\r\n')}\r\n\r\n${plan.body ?? ''}`;
}

/** Bytes of UTF-8 text as latin1 characters (what goes on the wire for "café"). */
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

/** Words the rules name, in spellings every upstream reads as the same resource. */
const plainSegment = fc.oneof(
  { weight: 6, arbitrary: pick('admin', 'secure', 'x', 'public', 'api', 'documents', 'token', 'verify', 'y', 'file.txt') },
  {
    weight: 3,
    arbitrary: pick('ADMIN', 'Admin', 'SECURE', 'SeCuRe', '%61dmin', 'adm%69n', '%41DMIN', 'secur%65', '%73ecure', '%7Ex', 'x.y', '%C3%A9', "a!$&'()*+,=:@b"),
  },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 8_000 }).map((n) => 'a'.repeat(n)) },
);

/** Paths any server reads the same way (the rules must still judge them right: case, escapes). */
const plainPath: fc.Arbitrary<string> = fc
  .tuple(fc.array(plainSegment, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segments, trailing]) => `/${segments.join('/')}${trailing ? '/' : ''}`);

/** Path segments: words the rules name (in several spellings), dot segments, oddities. */
const segment = fc.oneof(
  { weight: 6, arbitrary: pick('admin', 'secure', 'x', 'public', 'api', 'documents', 'token', 'verify', 'y', 'file.txt') },
  { weight: 3, arbitrary: pick('ADMIN', 'Admin', 'SECURE', 'SeCuRe', '%61dmin', 'adm%69n', '%41DMIN', 'secur%65', '%73ecure', 'adm%2569n') },
  { weight: 3, arbitrary: pick('.', '..', '%2e', '%2E', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '...', '.x', 'x.') },
  { weight: 2, arbitrary: pick('', 'admin;x', 'secure;', ';', ';a=b', 'x%3B', 'admin%00', 'x%zz', 'x%', '%7e', '~x', 'a@b', 'a:b') },
  { weight: 2, arbitrary: pick('x%20y', '%C3%A9', utf8('café'), utf8('ädmin'), '\xff', '\x80x', 'x%7F', 'x%09', '%25', 'a%2Fb', 'a%5Cb', 'a%2fb', 'a%5cb') },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 8_000 }).map((n) => 'a'.repeat(n)) },
);

/** Separators between segments: mostly `/`, also the spellings some servers read as `/`. */
const separator = fc.oneof({ weight: 8, arbitrary: fc.constant('/') }, { weight: 2, arbitrary: pick('//', '\\', '%2F', '%2f', '%5C', '/./', '/../', '///') });

/** The Paperless probe paths (passed without Gatehouse) and spellings a proxy may take for them. */
const probeLike = pick(
  '/api/',
  '/api/schema/view/',
  '/api/token/',
  '/api%2F',
  '//api/',
  '/api/#x',
  '/api/;x',
  '/api/%74oken/',
  '/API/',
  '/api/token',
  '/api/./',
  '/api/schema%2Fview/',
  '/api/token/..',
  '/api//',
);

const segmentsPath: fc.Arbitrary<string> = fc
  .tuple(pick('/', '/', '/', '//', '/./', '/../', '/%2e/', '\\'), fc.array(fc.tuple(segment, separator), { minLength: 0, maxLength: 5 }), segment, fc.boolean())
  .map(([start, middle, last, trailing]) => `${start}${middle.map(([s, sep]) => `${s}${sep}`).join('')}${last}${trailing ? '/' : ''}`);

/** Half plain (so requests get through and the properties bite), half hostile, some probes. */
export const pathArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: plainPath },
  { weight: 4, arbitrary: segmentsPath },
  { weight: 1, arbitrary: probeLike },
);

const queryArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: pick('?a=1', '?next=/admin', '?../admin', '?x=%2e%2e/admin', '?a=1&b=2', '?', '?%zz', '?/admin/../secure') },
  { weight: 1, arbitrary: pick('#frag', '?a#b', '?q=caf\xc3\xa9') },
);

const hostName = fc.oneof(
  { weight: 6, arbitrary: pick<string>(HOSTS.app, HOSTS.public, HOSTS.paperless) },
  { weight: 1, arbitrary: pick<string>(HOSTS.portal, ...UNSERVED_HOSTS, 'localhost', '127.0.0.1') },
);

/** Spellings of a host name: case, a trailing dot, and a port (ours, the default, another, none). */
const hostSpelling = fc
  .tuple(hostName, fc.nat({ max: 9 }), fc.nat({ max: 5 }), pick('{{port}}', '{{port}}', '{{port}}', '{{port}}', '', '80', '443', '9999', '0{{port}}'))
  .map(([host, caseMode, dot, port]) => {
    let name = host;
    if (caseMode === 1) name = name.toUpperCase();
    if (caseMode === 2) name = name.replace(/^./, (c) => c.toUpperCase());
    if (dot === 0) name = `${name}.`;
    return port ? `${name}:${port}` : name;
  });

const requestTarget = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(pathArb, queryArb).map(([path, query]) => ({ target: `${path}${query}`, host: null as string | null })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        pick('http', 'http', 'https', 'HTTP', 'ftp'),
        fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick('public.example.test@', 'user:pw@') }),
        hostSpelling,
        fc.oneof({ weight: 8, arbitrary: pathArb }, { weight: 1, arbitrary: fc.constant('') }),
        queryArb,
      )
      .map(([scheme, userinfo, host, path, query]) => ({ target: `${scheme}://${userinfo}${host}${path}${query}`, host })),
  },
  { weight: 1, arbitrary: pick({ target: '*', host: null }, { target: 'app.example.test:{{port}}', host: null }, { target: 'admin', host: null }) },
);

const cookiePart = fc.oneof(
  { weight: 4, arbitrary: pick(`${SESSION_COOKIE}={{alice}}`, `${SESSION_COOKIE}={{bob}}`) },
  { weight: 2, arbitrary: pick(`${SESSION_COOKIE}=${'0'.repeat(43)}`, `${SESSION_COOKIE}=`, ` ${SESSION_COOKIE} = {{bob}}`, `${SESSION_COOKIE}={{bob}}x`) },
  { weight: 3, arbitrary: pick('theme=dark', 'csrftoken=abc123', 'Gatehouse_Session=x', `${SESSION_COOKIE}2=y`, 'a=b=c', 'empty=') },
  // Large, yet within nginx's 8k per header line even three to a line.
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 2_500 }).map((n) => `big=${'b'.repeat(n)}`) },
);

const cookieLines = fc.array(
  fc.array(cookiePart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('; ')),
  { minLength: 0, maxLength: 3 },
);

const authorization = fc.oneof(
  { weight: 5, arbitrary: fc.constant<string[]>([]) },
  { weight: 3, arbitrary: pick(['Token {{device}}'], ['token {{device}}'], [`Token ${'a'.repeat(40)}`], ['Basic dXNlcjpwYXNz'], ['Token']) },
  { weight: 1, arbitrary: pick(['Token {{device}}', 'Basic dXNlcjpwYXNz'], ['Basic dXNlcjpwYXNz', 'Token {{device}}']) },
);

/** Headers only the proxy (or Gatehouse) may set, forged by the client. */
const FORGED: THeader[] = [
  ['Remote-User', 'mallory'],
  ['Remote_User', 'mallory'],
  ['Remote-Groups', 'admins'],
  ['Remote-Email', 'mallory@example.test'],
  ['X-Original-URL', 'http://public.example.test/'],
  ['X-Original-Method', 'GET'],
  ['X-Forwarded-Host', 'public.example.test'],
  ['X-Forwarded-Uri', '/public'],
  ['X-Forwarded-Proto', 'https'],
  ['X-Forwarded-Method', 'GET'],
  ['X-Gatehouse-Cookie', `${SESSION_COOKIE}={{bob}}`],
  ['X-Gatehouse-Upstream-Cookie', `${SESSION_COOKIE}={{bob}}`],
  ['X-Gatehouse-Status', '400'],
  ['X-Paperless-Authorization', `Token ${'e'.repeat(40)}`],
];

const hostHeaders = fc.oneof(
  { weight: 12, arbitrary: hostSpelling.map((h) => [h]) },
  { weight: 1, arbitrary: fc.constant<string[]>([]) },
  { weight: 1, arbitrary: fc.tuple(hostSpelling, hostSpelling).map(([a, b]) => [a, b]) },
  { weight: 1, arbitrary: pick([''], ['public.example.test:{{port}} '], ['app.example.test:{{port}}@public.example.test']) },
);

export const requestArb: fc.Arbitrary<TRequestPlan> = fc
  .record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant('GET') },
      { weight: 3, arbitrary: pick('HEAD', 'POST', 'DELETE', 'OPTIONS', 'PUT', 'get', 'PROPFIND') },
    ),
    target: requestTarget,
    sameHost: fc.boolean(),
    version: fc.oneof({ weight: 9, arbitrary: fc.constant<'HTTP/1.1'>('HTTP/1.1') }, { weight: 1, arbitrary: fc.constant<'HTTP/1.0'>('HTTP/1.0') }),
    hosts: hostHeaders,
    accept: pick('text/html', 'application/json', null),
    cookies: cookieLines,
    authorization,
    forged: fc.subarray(FORGED, { maxLength: 4 }),
    body: fc.option(pick('hello', '{"a":1}'), { freq: 6 }),
  })
  .map(({ method, target, sameHost, version, hosts, accept, cookies, authorization: auth, forged, body }) => {
    // Often the Host header agrees with an absolute-form request line, as a browser's would.
    const hostValues = sameHost && target.host ? [target.host] : hosts;
    const headers: THeader[] = [
      ...hostValues.map((h): THeader => ['Host', h]),
      ...(accept ? [['Accept', accept] as THeader] : []),
      ...cookies.map((c): THeader => ['Cookie', c]),
      ...auth.map((a): THeader => ['Authorization', a]),
      ...forged,
    ];
    return { method, target: target.target, version, headers, ...(body !== null && method !== 'GET' && method !== 'HEAD' ? { body } : {}) };
  });

/**
 * Requests for the portal's host that name a verify endpoint or /api/metrics in some spelling
 * (case, escapes, `//`, dot segments, backslashes, `;`, a trailing slash or dot), carrying what a
 * client would need to make verify speak: a device token and forged target headers.
 */
export const portalClosedArb: fc.Arbitrary<TRequestPlan> = fc
  .record({
    method: pick('GET', 'HEAD', 'POST', 'OPTIONS'),
    start: pick('/', '//', '/./', '/x/../', '\\', '/%2e/', '/;x/'),
    api: pick('api', 'API', 'Api', '%61pi', 'api;x', 'ap%69'),
    sep: pick('/', '//', '/./', '\\', '%2F', '%2f', '/;/'),
    name: pick(
      'verify',
      'authz',
      'VERIFY',
      'Verify',
      '%76erify',
      'verif%79',
      'authz/auth-request',
      'authz/forward-auth',
      'verify/forward-auth',
      'authz/FORWARD-AUTH',
      'verify%2Fforward-auth',
      'metrics',
      'METRICS',
      'Metrics',
      '%6detrics',
      'metric%73',
    ),
    end: pick('', '', '/', ';', ';x', '.', '?x=1', '#x', '%2F', '/.', '%20', '%00', '/..'),
    absolute: fc.boolean(),
    headers: fc.subarray<THeader>(
      [
        ['Authorization', 'Token {{device}}'],
        ['X-Original-URL', `http://${HOSTS.paperless}/api/documents/`],
        ['X-Original-Method', 'GET'],
        ['X-Forwarded-Proto', 'http'],
        ['X-Forwarded-Host', HOSTS.paperless],
        ['X-Forwarded-Uri', '/api/documents/'],
        ['X-Forwarded-Method', 'GET'],
        ['Cookie', `${SESSION_COOKIE}={{bob}}`],
        ['Accept', 'application/json'],
      ],
      { minLength: 1 },
    ),
  })
  .map(({ method, start, api, sep, name, end, absolute, headers }) => {
    const path = `${start}${api}${sep}${name}${end}`;
    return {
      method,
      target: absolute ? `http://${HOSTS.portal}:{{port}}${path}` : path,
      version: 'HTTP/1.1' as const,
      headers: [['Host', `${HOSTS.portal}:{{port}}`] as THeader, ...headers],
    };
  });
