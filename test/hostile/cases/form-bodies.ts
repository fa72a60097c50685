/**
 * Form bodies: the fields inside well-formed action calls (duplicated, over-long, NUL, files
 * where text goes, header injection, extra keys), the forms a browser without JavaScript posts
 * (`$ACTION_ID_…`, React's `$ACTION_REF_…` with its bound state, pointed at other actions), and
 * next-auth's own form endpoints. Each is refused clearly or handled, never a 5xx, never a
 * session for input that should not give one.
 */
import { actionPost, formAction, multipart, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

const REFUSED: Expectation = { refusal: true, noSession: true, headerAbsent: ['x-action-redirect'] };
const PASSWORD = 'correct horse battery staple 42';
const MB = 1_048_576;

// ── Fields inside well-formed calls ──────────────────────────────────────────────────────────
const fields: HostileCase[] = [
  [
    'sign-in with the login twice',
    'signInAction',
    '/sign-in',
    [
      ['login', 'rita'],
      ['login', 'rita'],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with the password twice',
    'signInAction',
    '/sign-in',
    [
      ['login', 'rita'],
      ['password', PASSWORD],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with a 1 MB login',
    'signInAction',
    '/sign-in',
    [
      ['login', 'r'.repeat(MB)],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with a 300-character password',
    'signInAction',
    '/sign-in',
    [
      ['login', 'rita'],
      ['password', 'p'.repeat(300)],
    ],
  ],
  [
    'sign-in with a NUL in the login',
    'signInAction',
    '/sign-in',
    [
      ['login', 'rita\u0000'],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with a login of SQL',
    'signInAction',
    '/sign-in',
    [
      ['login', "rita' OR '1'='1"],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with a login with a line break',
    'signInAction',
    '/sign-in',
    [
      ['login', 'rita\r\nX-Injected: 1'],
      ['password', PASSWORD],
    ],
  ],
  [
    'sign-in with an rd of 5,000 characters',
    'signInAction',
    '/sign-in',
    [
      ['login', 'nobody-at-all'],
      ['password', PASSWORD],
      ['rd', `/${'a'.repeat(5000)}`],
    ],
  ],
  [
    'sign-in with __proto__ and constructor fields',
    'signInAction',
    '/sign-in',
    [
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['login', 'nobody-at-all'],
      ['password', PASSWORD],
    ],
  ],
  ['sign-in with no fields', 'signInAction', '/sign-in', []],
  ['email link request with a header injection', 'requestEmailLinkAction', '/sign-in', [['email', 'rita@example.test\r\nBcc: victim@evil.test']]],
  ['email link request with a 10,000-character address', 'requestEmailLinkAction', '/sign-in', [['email', `${'r'.repeat(10_000)}@example.test`]]],
  [
    'email link request with the address twice',
    'requestEmailLinkAction',
    '/sign-in',
    [
      ['email', 'rita@example.test'],
      ['email', 'evil@evil.test'],
    ],
  ],
  ['email link request with a NUL', 'requestEmailLinkAction', '/sign-in', [['email', 'rita@example.test\u0000.evil.test']]],
  [
    'set-password with mismatched passwords and a forged token',
    'setPasswordAction',
    '/password/x',
    [
      ['token', 'x'.repeat(43)],
      ['password', 'tangerine glacier 4417 harbour'],
      ['confirmPassword', 'other'],
    ],
  ],
  [
    'set-password with a 1 MB password',
    'setPasswordAction',
    '/password/x',
    [
      ['token', 'x'.repeat(43)],
      ['password', 'p'.repeat(MB)],
      ['confirmPassword', 'p'.repeat(MB)],
    ],
  ],
].map(([name, action, page, list]) => ({
  name: name as string,
  request: formAction(page as string, action as string, list as [string, string][]),
  expect: REFUSED,
}));

const asAdmin = { extraHeaders: [['Cookie', 'gatehouse_session={{s.admin}}']] as [string, string][] };
const asUser = { extraHeaders: [['Cookie', 'gatehouse_session={{s.anna}}']] as [string, string][] };
const adminFields: HostileCase[] = [
  [
    'create user with a NUL in the username',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', 'mal\u0000lory'],
      ['email', 'mallory@example.test'],
      ['displayName', 'Mallory'],
    ],
  ],
  [
    'create user with a path as username',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', '../../etc/passwd'],
      ['email', 'mallory@example.test'],
      ['displayName', 'Mallory'],
    ],
  ],
  [
    'create user with a 10,000-character username',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', 'm'.repeat(10_000)],
      ['email', 'mallory@example.test'],
      ['displayName', 'Mallory'],
    ],
  ],
  [
    'create user with an email header injection',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', 'mallory'],
      ['email', 'mallory@example.test\r\nBcc: x@evil.test'],
      ['displayName', 'Mallory'],
    ],
  ],
  [
    'create user with a display name of control characters',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', 'mallory'],
      ['email', 'mallory@example.test'],
      ['displayName', '\u0007\u001b[31m\u0000'],
    ],
  ],
  [
    'create user with the username twice',
    'createUserAction',
    '/admin/users/new',
    [
      ['username', 'mallory'],
      ['username', 'boss'],
      ['email', 'mallory@example.test'],
      ['displayName', 'Mallory'],
    ],
  ],
  [
    'save rule with a catastrophic regular expression and a bad policy',
    'saveRuleAction',
    '/admin/rules/new',
    [
      ['domains', 'app.example.test'],
      ['paths', '^(a+)+$'],
      ['policy', 'allow'],
    ],
  ],
  [
    'save rule with a NUL in the domain',
    'saveRuleAction',
    '/admin/rules/new',
    [
      ['domains', 'app.example.test\u0000.evil.test'],
      ['policy', 'bypass'],
    ],
  ],
  [
    'save rule with a policy of SQL',
    'saveRuleAction',
    '/admin/rules/new',
    [
      ['domains', 'app.example.test'],
      ['policy', "bypass' --"],
    ],
  ],
  [
    'save rule with a position of a billion',
    'saveRuleAction',
    '/admin/rules/new',
    [
      ['domains', 'app.example.test'],
      ['policy', 'nonsense'],
      ['position', '1000000000'],
    ],
  ],
  [
    'import a YAML alias bomb',
    'importRulesAction',
    '/admin/rules/transfer',
    [
      [
        'yaml',
        `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\naccess_control:\n  rules: *j\n`,
      ],
    ],
  ],
  [
    'import 1.5 MB of YAML',
    'importRulesAction',
    '/admin/rules/transfer',
    [['yaml', `access_control:\n  rules:\n${'    - domain: a.example.test\n      policy: nonsense\n'.repeat(30_000)}`]],
  ],
].map(([name, action, page, list]) => ({
  name: `admin: ${name as string}`,
  request: formAction(page as string, action as string, list as [string, string][], asAdmin),
  expect: REFUSED,
}));

const userFields: HostileCase[] = [
  [
    'rename a factor that is not theirs, to control characters',
    'renameFactorAction',
    '/security',
    [
      ['factorId', 'not-a-factor'],
      ['name', '\u0000\u0007'],
    ],
  ],
  ['revoke a session id of 1,000 characters', 'revokeSessionAction', '/security', [['sessionId', 's'.repeat(1000)]]],
  ['ask for a change link of an unknown kind', 'requestFactorLinkAction', '/security', [['change', 'make_admin']]],
  ['send a TOTP code of letters', 'totpStepAction', '/sign-in/second-factor', [['code', 'abcdef']]],
  ['send a TOTP code of 10,000 digits', 'totpStepAction', '/sign-in/second-factor', [['code', '1'.repeat(10_000)]]],
].map(([name, action, page, list]) => ({
  name: `user: ${name as string}`,
  request: formAction(page as string, action as string, list as [string, string][], asUser),
  expect: REFUSED,
}));

// ── Forms posted without JavaScript (Next's MPA actions) ──────────────────────────────────────
const noJs = (name: string, page: string, parts: [string, string][], expect: Expectation, cookie?: string): HostileCase => {
  const { contentType, body } = multipart(parts);
  const headers: [string, string][] = [
    ['Content-Type', contentType],
    ['Origin', '{{portal}}'],
    ['Accept', 'text/html'],
  ];
  if (cookie) headers.push(['Cookie', `gatehouse_session=${cookie}`]);
  return { name: `no-JS form: ${name}`, request: { method: 'POST', target: page, headers, body, peer: 'untrusted' }, expect };
};
const NO_SESSION: Expectation = { noSession: true, headerAbsent: ['x-action-redirect'] };
const bound = (id: string) =>
  [
    ['$ACTION_REF_1', ''],
    ['$ACTION_1:0', `{"id":"${id}","bound":"$@1"}`],
    ['$ACTION_1:1', '[{"status":"idle"}]'],
    ['$ACTION_KEY', 'k1'],
  ] as [string, string][];
const noJsForms: HostileCase[] = [
  noJs(
    'sign-in by $ACTION_ID_ with unknown credentials',
    '/sign-in',
    [
      ['$ACTION_ID_{{action.signInAction}}', ''],
      ['login', 'nobody-at-all'],
      ['password', 'wrong password here'],
    ],
    NO_SESSION,
  ),
  noJs('sign-in by $ACTION_ID_ with no fields', '/sign-in', [['$ACTION_ID_{{action.signInAction}}', '']], NO_SESSION),
  noJs(
    'two $ACTION_ID_ fields',
    '/sign-in',
    [
      ['$ACTION_ID_{{action.signInAction}}', ''],
      ['$ACTION_ID_{{action.deleteUserAction}}', ''],
      ['login', 'nobody-at-all'],
    ],
    NO_SESSION,
  ),
  noJs(
    'an unknown $ACTION_ID_',
    '/sign-in',
    [
      [`$ACTION_ID_7f${'1'.repeat(40)}`, ''],
      ['login', 'nobody-at-all'],
    ],
    NO_SESSION,
  ),
  noJs(
    '$ACTION_ID_ of an admin action, anonymous',
    '/sign-in',
    [
      ['$ACTION_ID_{{action.deleteUserAction}}', ''],
      ['userId', 'x'],
    ],
    NO_SESSION,
  ),
  noJs(
    '$ACTION_ID_ of an admin action, as a user',
    '/security',
    [
      ['$ACTION_ID_{{action.setUserGroupsAction}}', ''],
      ['userId', 'x'],
      ['groups', 'admins'],
    ],
    NO_SESSION,
    '{{s.anna}}',
  ),
  noJs(
    'sign-in with bound state, unknown credentials',
    '/sign-in',
    [...bound('{{action.signInAction}}'), ['1_login', 'nobody-at-all'], ['1_password', 'wrong password here']],
    NO_SESSION,
  ),
  noJs('bound state pointing at an admin action', '/sign-in', [...bound('{{action.deleteUserAction}}'), ['1_userId', 'x']], NO_SESSION),
  noJs(
    'bound state that is not JSON',
    '/sign-in',
    [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', '{not json'],
      ['$ACTION_KEY', 'k1'],
    ],
    NO_SESSION,
  ),
  noJs(
    'bound state with a prototype reference',
    '/sign-in',
    [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', '{"id":"{{action.signInAction}}","bound":"$1:__proto__:constructor"}'],
      ['$ACTION_1:1', '{"__proto__":{"x":1}}'],
    ],
    NO_SESSION,
  ),
  noJs('bound state with an unknown action id', '/sign-in', bound(`7f${'2'.repeat(40)}`), NO_SESSION),
  {
    name: 'no-JS form: url-encoded $ACTION_ID_ to sign-in',
    request: {
      method: 'POST',
      target: '/sign-in',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
      ],
      body: '%24ACTION_ID_{{action.signInAction}}=&login=nobody-at-all&password=x',
      peer: 'untrusted',
    },
    expect: NO_SESSION,
  },
  {
    name: 'no-JS form: from another origin',
    request: {
      method: 'POST',
      target: '/sign-in',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', 'https://evil.test'],
      ],
      body: 'login=rita&password=x',
      peer: 'untrusted',
    },
    expect: { ...NO_SESSION, statusIn: [403] },
  },
  {
    name: 'a plain form POST to a page without any action',
    request: {
      method: 'POST',
      target: '/security',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
        ['Cookie', 'gatehouse_session={{s.anna}}'],
      ],
      body: 'a=1',
      peer: 'untrusted',
    },
    expect: NO_SESSION,
  },
];

// ── next-auth's form endpoints ─────────────────────────────────────────────────────────────────
const nextAuth: HostileCase[] = [
  {
    name: 'next-auth: sign in with a provider that is not configured',
    request: {
      method: 'POST',
      target: '/api/auth/signin/github',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
      ],
      body: 'csrfToken=x&callbackUrl=https%3A%2F%2Fevil.test%2F',
      peer: 'untrusted',
    },
    expect: { noSession: true },
  },
  {
    name: 'next-auth: a credentials callback that does not exist',
    request: {
      method: 'POST',
      target: '/api/auth/callback/credentials',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
      ],
      body: 'username=anna&password=x',
      peer: 'untrusted',
    },
    expect: { noSession: true },
  },
  {
    name: 'next-auth: a callback with a forged code and state',
    request: { target: '/api/auth/callback/testidp?code=forged&state=forged', headers: [], peer: 'untrusted' },
    expect: { noSession: true },
  },
  {
    name: 'next-auth: sign-out without its CSRF token',
    request: {
      method: 'POST',
      target: '/api/auth/signout',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
      ],
      body: 'callbackUrl=https%3A%2F%2Fevil.test',
      peer: 'untrusted',
    },
    expect: { noSession: true },
  },
  {
    name: 'next-auth: JSON where it wants a form',
    request: {
      method: 'POST',
      target: '/api/auth/signin/github',
      headers: [
        ['Content-Type', 'application/json'],
        ['Origin', '{{portal}}'],
      ],
      body: '{"csrfToken":[],"callbackUrl":{"a":1}}',
      peer: 'untrusted',
    },
    expect: { noSession: true },
  },
  {
    name: 'next-auth: a 3 MB form',
    request: {
      method: 'POST',
      target: '/api/auth/signin/github',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Origin', '{{portal}}'],
      ],
      body: `csrfToken=${'x'.repeat(3 * MB)}`,
      peer: 'untrusted',
    },
    expect: { status: 413, noSession: true },
  },
  {
    name: 'next-auth: sign-in page with a foreign callbackUrl stays on the portal',
    request: { target: '/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.test%2F', headers: [], peer: 'untrusted' },
    expect: { noSession: true, redirect: { withinAllowedHosts: true, optional: true } },
  },
  {
    name: 'next-auth: an error page with a foreign callbackUrl stays on the portal',
    request: { target: '/api/auth/error?error=Configuration&callbackUrl=%2F%2Fevil.test', headers: [], peer: 'untrusted' },
    expect: { noSession: true, redirect: { withinAllowedHosts: true, optional: true } },
  },
];

/** A server action called with a body over the limit, as a form field (the limit is 2 MB). */
const overLimit = (() => {
  const { contentType, body } = multipart([
    ['_1_login', 'x'.repeat(3 * MB)],
    ['_1_password', PASSWORD],
    ['0', '[{"status":"idle"},"$K1"]'],
  ]);
  return {
    name: 'sign-in with a 3 MB login field (over the body limit)',
    request: actionPost('/sign-in', 'signInAction', contentType, body),
    expect: REFUSED,
  } satisfies HostileCase;
})();

export const FORM_BODIES: CorpusArea = {
  area: 'form-bodies',
  title: 'form bodies',
  cases: [...fields, overLimit, ...adminFields, ...userFields, ...noJsForms, ...nextAuth],
};
