/**
 * Server-action bodies: what React's client sends to an action (`Next-Action: <id>`, the
 * arguments encoded by encodeReply) replaced by anything else — `[]` (issue 12 item 7: a 500),
 * `null`, JSON where multipart is expected, references to parts that do not exist, deep
 * nesting, bodies over the 2 MB limit, wrong content types — for public, user and admin actions
 * alike. Each is a clear refusal (a 4xx, or the action's error state), never a 500, never a
 * session. Then the envelope: a missing or foreign Origin, unknown or doubled action ids.
 */
import { actionPost, multipart, type CorpusArea, type Expectation, type HostileCase } from '../corpus';

type Target = { action: string; page: string; cookie?: string };
const TARGETS: Target[] = [
  { action: 'signInAction', page: '/sign-in' },
  { action: 'requestEmailLinkAction', page: '/sign-in' },
  { action: 'passkeySignInCall', page: '/sign-in' },
  { action: 'setPasswordAction', page: '/password/x' },
  { action: 'confirmEmailLinkAction', page: '/sign-in/email/x' },
  { action: 'totpStepAction', page: '/sign-in/second-factor', cookie: '{{s.anna}}' },
  { action: 'requestFactorLinkAction', page: '/security', cookie: '{{s.anna}}' },
  { action: 'revokeSessionAction', page: '/security', cookie: '{{s.anna}}' },
  { action: 'webauthnEnrollCall', page: '/security/add/webauthn', cookie: '{{s.anna}}' },
  { action: 'createDeviceTokenAction', page: '/tokens', cookie: '{{s.anna2}}' },
  { action: 'saveRuleAction', page: '/admin/rules/new', cookie: '{{s.admin}}' },
  { action: 'importRulesAction', page: '/admin/rules/transfer', cookie: '{{s.admin}}' },
  { action: 'createUserAction', page: '/admin/users/new', cookie: '{{s.admin}}' },
  { action: 'setUserGroupsAction', page: '/admin/users/no-such-user', cookie: '{{s.admin}}' },
];

const TEXT = 'text/plain;charset=UTF-8';
const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
const cutMultipart = Buffer.from('--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{"st', 'latin1');
const noBoundary = Buffer.from('--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--x--\r\n', 'latin1');
const manyParts = multipart([...Array.from({ length: 5000 }, (_, i): [string, string] => [`_1_f${i}`, 'v']), ['0', '[{"status":"idle"},"$K1"]']]);
const fileWhereFormGoes = multipart([
  ['_1_login', { filename: 'login.txt', type: 'text/plain', data: 'anna' }],
  ['_1_password', { filename: 'p.bin', type: 'application/octet-stream', data: 'x' }],
  ['0', '[{"status":"idle"},"$K1"]'],
]);
const partZeroNotJson = multipart([['0', 'not json at all']]);
const partZeroMissing = multipart([['_1_login', 'anna']]);

const BODIES: [name: string, contentType: string | null, body: string | Buffer][] = [
  ['[] (issue 12 item 7)', TEXT, '[]'],
  ['null', TEXT, 'null'],
  ['an empty object', TEXT, '{}'],
  ['a string', TEXT, '"x"'],
  ['a number', TEXT, '42'],
  ['three numbers', TEXT, '[1,2,3]'],
  ['two nulls', TEXT, '[null,null]'],
  ['only the previous state', TEXT, '[{"status":"idle"}]'],
  ['an object where the form data goes', TEXT, '[{"status":"idle"},{"login":"anna","password":"x"}]'],
  ['a form-data reference with no parts', TEXT, '[{"status":"idle"},"$K1"]'],
  ['a promise reference to nothing', TEXT, '["$@1"]'],
  ['a Map reference to nothing', TEXT, '[{"status":"idle"},"$Q1"]'],
  ['a server reference to nothing', TEXT, '[{"status":"idle"},"$h1"]'],
  ['a reference walking the prototype chain', TEXT, '["$1:__proto__:constructor:constructor"]'],
  ['__proto__ and constructor keys', TEXT, '[{"__proto__":{"polluted":true}},{"constructor":{"prototype":{"polluted":true}}}]'],
  ['5,000 nested arrays', TEXT, `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['invalid JSON', TEXT, '['],
  ['an empty body', TEXT, ''],
  ['binary bytes', 'application/octet-stream', BINARY],
  ['JSON as application/json', 'application/json', '{"login":"anna","password":"x"}'],
  ['a url-encoded form', 'application/x-www-form-urlencoded', 'login=anna&password=x&0=%5B%5D'],
  ['XML', 'application/xml', '<?xml version="1.0"?><a>1</a>'],
  ['no Content-Type', null, '[]'],
  ['multipart without a boundary parameter', 'multipart/form-data', noBoundary],
  ['multipart cut off mid-part', 'multipart/form-data; boundary=x', cutMultipart],
  ['multipart whose part 0 is not JSON', partZeroNotJson.contentType, partZeroNotJson.body],
  ['multipart without part 0', partZeroMissing.contentType, partZeroMissing.body],
  ['multipart with files where strings go', fileWhereFormGoes.contentType, fileWhereFormGoes.body],
  ['multipart with 5,000 fields', manyParts.contentType, manyParts.body],
  ['3 MB (over the 2 MB body limit)', TEXT, `[${'"aaaaaaaa",'.repeat(280_000)}"a"]`],
];

const REFUSED: Expectation = { refusal: true, noSession: true, headerAbsent: ['x-action-redirect'] };

const bodies: HostileCase[] = TARGETS.flatMap((target) =>
  BODIES.map(
    ([name, contentType, body]): HostileCase => ({
      name: `${target.action}: ${name}`,
      request: actionPost(target.page, target.action, contentType, body, { cookie: target.cookie }),
      expect: REFUSED,
    }),
  ),
);

/** The envelope around a well-formed sign-in: Origin and action id. */
const signIn = (options: { origin?: string | null; extraHeaders?: [string, string][] }, nextAction = '{{action.signInAction}}'): HostileCase['request'] => {
  const { contentType, body } = multipart([
    ['_1_login', 'rita'],
    ['_1_password', 'correct horse battery staple 42'],
    ['0', '[{"status":"idle"},"$K1"]'],
  ]);
  const request = actionPost('/sign-in', 'signInAction', contentType, body, options);
  request.headers = request.headers!.map(([name, value]) => (name === 'Next-Action' ? [name, nextAction] : [name, value]));
  return request;
};
const envelope: HostileCase[] = [
  { name: 'sign-in with valid credentials but no Origin', request: signIn({ origin: null }), expect: REFUSED },
  { name: 'sign-in with valid credentials and Origin null', request: signIn({ origin: 'null' }), expect: REFUSED },
  { name: 'sign-in with valid credentials from another origin', request: signIn({ origin: 'https://evil.test' }), expect: REFUSED },
  { name: 'sign-in with valid credentials from a sibling subdomain', request: signIn({ origin: 'http://app.example.test' }), expect: REFUSED },
  { name: 'sign-in with valid credentials from the portal host on another port', request: signIn({ origin: 'http://auth.example.test:1' }), expect: REFUSED },
  {
    name: 'sign-in with valid credentials and a malformed Origin',
    request: signIn({ origin: 'http://auth.example.test:{{port}}@evil.test' }),
    expect: REFUSED,
  },
  {
    name: 'sign-in with valid credentials and two Origin headers (foreign first)',
    request: signIn({ origin: 'https://evil.test', extraHeaders: [['Origin', '{{portal}}']] }),
    expect: REFUSED,
  },
  { name: 'sign-in with an unknown action id', request: signIn({}, `7f${'0'.repeat(40)}`), expect: REFUSED },
  { name: 'sign-in with an empty action id', request: signIn({}, ''), expect: { noSession: true, headerAbsent: ['x-action-redirect'] } },
  { name: 'sign-in with a 10 KB action id', request: signIn({}, 'a'.repeat(10_000)), expect: REFUSED },
  { name: 'sign-in with an action id of SQL', request: signIn({}, "' OR '1'='1"), expect: REFUSED },
  { name: 'sign-in with the id of an admin action', request: signIn({}, '{{action.deleteUserAction}}'), expect: REFUSED },
  { name: 'sign-in with two Next-Action headers', request: signIn({ extraHeaders: [['Next-Action', '{{action.deleteUserAction}}']] }), expect: REFUSED },
  {
    name: 'control: sign-in with valid credentials from the portal signs in',
    request: signIn({}),
    expect: { statusIn: [200, 303], redirect: { to: '/', withinAllowedHosts: true } },
  },
];

export const SERVER_ACTIONS: CorpusArea = { area: 'server-actions', title: 'server-action bodies', cases: [...envelope, ...bodies] };
