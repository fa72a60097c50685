/**
 * Tokens on the verify path. A request whose Authorization header uses the `Token` scheme (the
 * keyword in any case, then whitespace or the end: what the generated nginx map and Paperless's
 * apps mean by it) is judged by that token alone: anything but one well-formed, known, usable
 * `Token <40 hex>` for the Paperless host is 401 `{"detail":"Invalid token."}` (Paperless's own
 * answer), even with a valid two-factor session cookie beside it — never a fall-through to the
 * cookie. Two Authorization headers are refused the same way, whatever their schemes.
 *
 * Other schemes (`Bearer`, `Basic`, …) are an app's own business: apps behind Gatehouse such as
 * Portainer or Grafana send `Bearer` to their APIs from a browser signed in to Gatehouse, so the
 * request is judged by its session cookie — and never earns the real Paperless token, even when
 * the value hidden inside is a valid device token.
 */
import { authRequest, forwardAuth, INVALID_TOKEN, type CorpusArea, type HostileCase } from '../corpus';

const PAPERLESS = 'https://paperless.example.test/api/documents/';
const UNKNOWN = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4';
const COOKIE: [string, string] = ['Cookie', 'gatehouse_session={{s.anna2}}'];

/** Authorization values that must be refused as a token (with a valid two-factor cookie beside them). */
const MALFORMED: [string, string][] = [
  ['the keyword alone', 'Token'],
  ['the keyword and a space', 'Token '],
  ['39 hex digits', `Token ${UNKNOWN.slice(0, 39)}`],
  ['41 hex digits', `Token ${UNKNOWN}0`],
  ['upper-case hex', `Token ${UNKNOWN.toUpperCase()}`],
  ['non-hex letters', `Token ${'g'.repeat(40)}`],
  ['two spaces', `Token  ${UNKNOWN}`],
  ['a tab', `Token\t${UNKNOWN}`],
  ['quoted', `Token "${UNKNOWN}"`],
  ['two tokens in one header', `Token ${UNKNOWN},Token ${UNKNOWN}`],
  ['a token and a Bearer', `Token ${UNKNOWN}, Bearer x`],
  ['extra text after the token', `Token ${UNKNOWN} extra`],
  ['an unknown well-formed token', `Token ${UNKNOWN}`],
  ['an unknown token, keyword in lower case', `token ${UNKNOWN}`],
  ['an unknown token, keyword in upper case', `TOKEN ${UNKNOWN}`],
  ['all zeros', `Token ${'0'.repeat(40)}`],
  ['an 8 KB token', `Token ${'a'.repeat(8192)}`],
  ['a 40 KB header', `Token ${'ab'.repeat(20_000)}`],
  ['SQL in the token', "Token ' OR '1'='1"],
  ['Unicode digits (UTF-8 bytes)', `Token ${'\xd9\xa1'.repeat(40)}`],
  ['a Paperless-style key with a prefix', `Token gh_${UNKNOWN}`],
];

/** Authorization values of another scheme (or none): the request is judged by its session cookie. */
const OTHER_SCHEMES: [string, string][] = [
  ['a colon', `Token:${UNKNOWN}`],
  ['an equals sign', `Token=${UNKNOWN}`],
  ['percent-encoded space', `Token%20${UNKNOWN}`],
  ['the keyword in another word', `Tokens ${UNKNOWN}`],
  ['the keyword split', `To ken ${UNKNOWN}`],
  ['Bearer with a hex key', `Bearer ${UNKNOWN}`],
  ['Bearer with a JWT', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm5hIn0.'],
  ['Basic credentials', `Basic ${Buffer.from('anna:correct horse battery staple 42').toString('base64')}`],
  ['Basic with a token as password', `Basic ${Buffer.from(`anna:${UNKNOWN}`).toString('base64')}`],
  ['Digest', 'Digest username="anna", realm="x", nonce="1", uri="/", response="0"'],
  ['an unknown scheme', 'Negotiate YIIBAAYGKwYBBQUCoIH2'],
  ['an empty value', ''],
];

/** Judged by the two-factor cookie beside it: anna passes, and no real Paperless token is handed out. */
const BY_COOKIE = { status: 200, headers: { 'remote-user': { equals: 'anna' } }, headerAbsent: ['x-paperless-authorization'] } as const;

const otherSchemes: HostileCase[] = [
  ...OTHER_SCHEMES,
  ['a valid token as Bearer', 'Bearer {{dt.anna}}'],
  ['a valid token in Basic credentials', 'Basic {{dt.anna.basic}}'],
].flatMap(([name, value]): HostileCase[] => [
  {
    name: `auth-request Authorization of another scheme: ${name}`,
    request: authRequest(PAPERLESS, { headers: [['Authorization', value!], COOKIE] }),
    expect: { ...BY_COOKIE, headerAbsent: [...BY_COOKIE.headerAbsent] },
  },
  {
    name: `forward-auth Authorization of another scheme: ${name}`,
    request: forwardAuth(
      { proto: 'https', host: 'paperless.example.test', uri: '/api/documents/', method: 'GET' },
      { headers: [['Authorization', value!], COOKIE] },
    ),
    // The forward-auth answer carries the upstream Authorization only for a device token.
    expect: { ...BY_COOKIE, headerAbsent: [...BY_COOKIE.headerAbsent, 'authorization'] },
  },
]);

const malformed: HostileCase[] = MALFORMED.flatMap(([name, value]): HostileCase[] => [
  { name: `auth-request Authorization: ${name}`, request: authRequest(PAPERLESS, { headers: [['Authorization', value], COOKIE] }), expect: INVALID_TOKEN },
  {
    name: `forward-auth Authorization: ${name}`,
    request: forwardAuth(
      { proto: 'https', host: 'paperless.example.test', uri: '/api/documents/', method: 'GET' },
      { headers: [['Authorization', value], COOKIE] },
    ),
    expect: INVALID_TOKEN,
  },
]);

/** A valid device token, spelled or placed wrongly. */
const validTokenTricks: HostileCase[] = [
  ['upper-case hex of a valid token', 'Token {{dt.anna.upper}}'],
  ['a valid token missing its last digit', 'Token {{dt.anna.truncated}}'],
  ['a valid token with a digit more', 'Token {{dt.anna}}0'],
  ['a valid token after two spaces', 'Token  {{dt.anna}}'],
  ['a valid token after a tab', 'Token\t{{dt.anna}}'],
  ['a valid token twice in one header', 'Token {{dt.anna}}, Token {{dt.anna}}'],
  ['a revoked token', 'Token {{dt.revoked}}'],
  ['an expired token', 'Token {{dt.expired}}'],
  ['the token of a disabled user', 'Token {{dt.carol}}'],
].map(([name, value]) => ({
  name: `auth-request ${name}`,
  request: authRequest(PAPERLESS, { headers: [['Authorization', value!], COOKIE] }),
  expect: INVALID_TOKEN,
}));

const duplicates: HostileCase[] = [
  ['two Authorization headers, both the valid token', ['Token {{dt.anna}}', 'Token {{dt.anna}}']],
  ['two Authorization headers, valid then unknown', ['Token {{dt.anna}}', `Token ${UNKNOWN}`]],
  ['two Authorization headers, unknown then valid', [`Token ${UNKNOWN}`, 'Token {{dt.anna}}']],
  ['two Authorization headers, valid token then Basic', ['Token {{dt.anna}}', 'Basic YTpi']],
  ['two Authorization headers, Bearer then valid token', ['Bearer x', 'Token {{dt.anna}}']],
].flatMap(([name, values]): HostileCase[] => {
  const headers = (values as string[]).map((v): [string, string] => ['Authorization', v]);
  return [
    { name: `auth-request ${name as string}`, request: authRequest(PAPERLESS, { headers: [...headers, COOKIE] }), expect: INVALID_TOKEN },
    {
      name: `forward-auth ${name as string}`,
      request: forwardAuth({ proto: 'https', host: 'paperless.example.test', uri: '/api/documents/', method: 'GET' }, { headers: [...headers, COOKIE] }),
      expect: INVALID_TOKEN,
    },
  ];
});

/** A device token opens the Paperless host only: elsewhere it is no credential, even on a bypass host. */
const otherHosts: HostileCase[] = [
  'https://app.example.test/',
  'https://two.example.test/',
  'https://public.example.test/',
  'https://lan.example.test/',
  'https://paperless.example.test.evil.test/',
  'https://PAPERLESS.example.test.other.test/',
].flatMap((url): HostileCase[] => [
  {
    name: `auth-request a valid device token for ${url}`,
    request: authRequest(url, { headers: [['Authorization', 'Token {{dt.anna}}']] }),
    expect: INVALID_TOKEN,
  },
  {
    name: `auth-request a valid device token and a valid session for ${url}`,
    request: authRequest(url, { headers: [['Authorization', 'Token {{dt.anna}}'], COOKIE] }),
    expect: INVALID_TOKEN,
  },
]);

const controls: HostileCase[] = [
  {
    name: 'control: a valid device token opens the Paperless host for the trusted proxy',
    request: authRequest(PAPERLESS, { headers: [['Authorization', 'Token {{dt.anna}}']] }),
    expect: { status: 200, headers: { 'remote-user': { equals: 'anna' } } },
  },
  {
    name: 'control: the keyword in lower case with a valid token (as Paperless accepts it)',
    request: authRequest(PAPERLESS, { headers: [['Authorization', 'token {{dt.anna}}']] }),
    expect: { status: 200 },
  },
  {
    name: 'control: the two-factor session cookie alone opens the Paperless host',
    request: authRequest(PAPERLESS, { headers: [COOKIE] }),
    expect: { status: 200, headers: { 'remote-user': { equals: 'anna' } }, headerAbsent: ['x-paperless-authorization'] },
  },
];

export const TOKENS: CorpusArea = {
  area: 'tokens',
  title: 'tokens',
  cases: [...controls, ...malformed, ...otherSchemes, ...validTokenTricks, ...duplicates, ...otherHosts],
};
