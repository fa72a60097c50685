/**
 * Requests that once broke a property of the differential harness (or that the campaign
 * used), kept verbatim as regular test cases: each runs through both proxies on every test run,
 * whatever fast-check happens to generate. `before` says what went wrong before the fix.
 * Placeholders are filled in by requests.ts (resolvePlan).
 */
import type { THeader } from './raw-http';
import type { TRequestPlan } from './requests';

export type TKeptCase = { name: string; before: string; plan: TRequestPlan };

const get = (target: string, headers: THeader[]): TRequestPlan => ({ method: 'GET', target, version: 'HTTP/1.1', headers });
const LONG = 'a'.repeat(6_000);

export const KEPT_CASES: TKeptCase[] = [
  {
    name: 'absolute-form request line for the app, Host: the bypass host',
    before:
      'nginx routed to the app by the request line but built X-Original-URL from $http_host: judged as public.example.test (bypass), the app got /secure/x anonymously',
    plan: get('http://app.example.test:{{port}}/secure/x', [
      ['Host', 'public.example.test:{{port}}'],
      ['Accept', 'text/html'],
    ]),
  },
  {
    name: 'absolute-form request line for the app, Host: the Paperless host, with a device token',
    before: 'nginx: judged as paperless.example.test, where the device token is valid; the app got carol as Remote-User',
    plan: get('http://app.example.test:{{port}}/documents/', [
      ['Host', 'paperless.example.test:{{port}}'],
      ['Authorization', 'Token {{device}}'],
    ]),
  },
  {
    name: 'an absolute-form request line without a path, Host: the bypass host',
    before: 'nginx\'s $request_uri is then "?next=/admin" (no leading slash) and $http_host the bypass host; the app got /?next=/admin anonymously',
    plan: get('http://app.example.test:{{port}}?next=/admin', [['Host', 'public.example.test:{{port}}']]),
  },
  {
    name: 'a Host header with "@" after the port',
    before:
      'nginx: Host "app.example.test:<port>@public.example.test" routed to the app; X-Original-URL became http://app…@public.example.test/secure/x, judged as the path /@public.example.test/secure/x (one factor), so a one-factor session passed the two-factor rule on /secure',
    plan: get('/secure/x', [
      ['Host', 'app.example.test:{{port}}@public.example.test'],
      ['Cookie', 'gatehouse_session={{alice}}'],
    ]),
  },
  {
    name: 'a request line with a Host header of another case, a trailing dot and the default port',
    before: "(kept as a guard: the judged host is canonical and the app's own)",
    plan: get('http://APP.Example.Test.:{{port}}/documents/', [
      ['Host', 'PUBLIC.EXAMPLE.TEST.:80'],
      ['Cookie', 'gatehouse_session={{alice}}; theme=dark'],
    ]),
  },
  {
    name: 'the session cookie among other cookies',
    before: 'both proxies passed gatehouse_session on to the app',
    plan: get('/documents/', [
      ['Host', 'app.example.test:{{port}}'],
      ['Cookie', 'theme=dark; gatehouse_session={{alice}}'],
      ['Cookie', 'csrftoken=abc123'],
    ]),
  },
  {
    name: 'two session cookies (one tossed from a sibling subdomain)',
    before: "the first valid one won: a second factor's session, placed first, chose who the request was",
    plan: get('/secure/x', [
      ['Host', 'app.example.test:{{port}}'],
      ['Cookie', 'gatehouse_session={{bob}}; gatehouse_session={{alice}}'],
    ]),
  },
  {
    name: 'dot segments that resolve past a deny rule',
    before: 'Gatehouse judged /x (one factor) while the app got /admin/../x',
    plan: get('/admin/%2e%2e/x', [
      ['Host', 'app.example.test:{{port}}'],
      ['Cookie', 'gatehouse_session={{alice}}'],
    ]),
  },
  {
    name: 'an encoded slash inside a denied prefix',
    before: 'Gatehouse judged /admin%2Fx as not under /admin/ (a one-factor path) while an app decoding %2F serves /admin/x',
    plan: get('/admin%2Fx', [
      ['Host', 'app.example.test:{{port}}'],
      ['Cookie', 'gatehouse_session={{alice}}'],
    ]),
  },
  {
    name: "a sign-in redirect longer than nginx's header buffer",
    before: 'nginx answered 500 (upstream sent too big header) instead of the redirect',
    plan: get(`/documents/${LONG}`, [
      ['Host', 'app.example.test:{{port}}'],
      ['Accept', 'text/html'],
    ]),
  },
  {
    name: "a target just over Gatehouse's 8 KiB limit",
    before: "Gatehouse refused it with 400, which nginx's auth_request turns into a 500",
    plan: get(`/${'a'.repeat(8_169)}`, [['Host', 'app.example.test:{{port}}']]),
  },
  {
    name: 'a long path on the portal, which Gatehouse redirects with a long Location',
    before: "nginx answered 502: the portal's proxy_buffer_size was nginx's default",
    plan: get(`//x/${LONG}`, [['Host', 'auth.example.test:{{port}}']]),
  },
  {
    name: 'the Paperless probe spelled /api/#frag',
    before: 'nginx matched the normalised /api/ probe location and forwarded /api/#frag to Paperless without asking Gatehouse',
    plan: get('/api/#frag', [['Host', 'paperless.example.test:{{port}}']]),
  },
  {
    name: 'the Paperless probe spelled /api%2F',
    before: 'Caddy matched the decoded /api/ as a probe and forwarded /api%2F to Paperless without asking Gatehouse',
    plan: get('/api%2F', [['Host', 'paperless.example.test:{{port}}']]),
  },
  {
    name: 'verify through the portal, with a device token and a forged target',
    before: 'the portal passed /api/verify on to Gatehouse, whose answer to a device token carries the real Paperless token',
    plan: get('/api/verify', [
      ['Host', 'auth.example.test:{{port}}'],
      ['Authorization', 'Token {{device}}'],
      ['X-Forwarded-Host', 'paperless.example.test'],
      ['X-Forwarded-Uri', '/api/documents/'],
      ['X-Original-URL', 'http://paperless.example.test/api/documents/'],
    ]),
  },
  {
    name: 'verify through the portal, spelled /api/./verify',
    before: 'the portal passed it on; Next resolved the dot segment and ran the verify route handler',
    plan: get('/api/./verify/forward-auth', [
      ['Host', 'auth.example.test:{{port}}'],
      ['Authorization', 'Token {{device}}'],
    ]),
  },
  {
    name: 'verify through the portal, hidden behind a ";" parameter and "//"',
    before: 'the Authelia-style portal block of the tests passed it on: a server that drops ";…" and merges "//" reads /api/verify',
    plan: get('/api/;a=b//verify#frag', [['Host', 'auth.example.test.:{{port}}']]),
  },
  {
    name: 'the request target * on the portal',
    before: 'Caddy passed it on and Gatehouse answered 500 (Invalid URL)',
    plan: get('*', [['Host', 'auth.example.test:{{port}}']]),
  },
  {
    name: 'an authority-form request target on the portal',
    before: 'Caddy answered 502',
    plan: { method: 'PROPFIND', target: 'app.example.test:{{port}}', version: 'HTTP/1.1', headers: [['Host', 'auth.example.test:{{port}}']] },
  },
];
