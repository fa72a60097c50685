/**
 * The harness's properties on made-up observations: each way a proxy and Gatehouse could let
 * something through is reported, and a clean exchange is not (so the integration test can fail).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { violations, type TObservation, type TWorld } from './properties';
import type { THeader, TRawRequestSeen } from './raw-http';
import type { TRelayed } from './relay';
import type { TRequestPlan } from './requests';

const APP = 'app.example.test';
const SESSION = 'S'.repeat(43);
const REAL = 'f'.repeat(40);
const world: TWorld = { proxy: 'nginx', secretsFromClient: [REAL], secretsFromUpstream: [SESSION] };

function relayed(url: string, headers: THeader[], status: number, answer: THeader[] = []): TRelayed {
  const nodeHeaders: IncomingHttpHeaders = {};
  for (const [name, value] of headers) nodeHeaders[name.toLowerCase()] = value;
  return { method: 'GET', url, headers, nodeHeaders, rawHeaders: headers.flat(), status, answer };
}

/** nginx's verify call for `target`, answered `status` with `answer`. */
const verify = (target: string, status: number, answer: THeader[] = []) =>
  relayed(
    '/api/verify',
    [
      ['X-Original-URL', target],
      ['X-Original-Method', 'GET'],
    ],
    status,
    answer,
  );

const seen = (app: string, target: string, headers: THeader[]): TRawRequestSeen => ({ app, method: 'GET', target, version: 'HTTP/1.1', headers, body: '' });

function observe(parts: {
  plan?: Partial<TRequestPlan>;
  status?: number;
  responseHeaders?: THeader[];
  raw?: string;
  gatehouse?: TRelayed[];
  upstream?: TRawRequestSeen[];
}): TObservation {
  const status = parts.status ?? 200;
  return {
    plan: { method: 'GET', target: '/', version: 'HTTP/1.1', headers: [], ...parts.plan },
    response: { status, headers: parts.responseHeaders ?? [], body: '', raw: parts.raw ?? `HTTP/1.1 ${status} X\r\n\r\n` },
    gatehouse: parts.gatehouse ?? [],
    upstream: parts.upstream ?? [],
  };
}

const alice: THeader[] = [
  ['Remote-User', 'alice'],
  ['Remote-Groups', 'staff'],
];

describe('violations', () => {
  it('finds none when the app got what Gatehouse judged, as whom it said, without the session cookie', () => {
    const observation = observe({
      plan: { headers: [['Cookie', `gatehouse_session=${SESSION}; theme=dark`]] },
      gatehouse: [verify(`http://${APP}:8080/documents/?page=2`, 200, [...alice, ['X-Gatehouse-Cookie', 'theme=dark']])],
      upstream: [seen(APP, '/documents/?page=2', [['Host', `${APP}:8080`], ['X-Forwarded-Host', `${APP}:8080`], ...alice, ['Cookie', 'theme=dark']])],
    });
    expect(violations(observation, world)).toEqual([]);
  });

  it('compares paths under the canonical form (unreserved escapes decoded)', () => {
    const observation = observe({
      gatehouse: [verify(`http://${APP}:8080/admin`, 200)],
      upstream: [seen(APP, '/%61dmin', [['Host', `${APP}:8080`]])],
    });
    expect(violations(observation, world)).toEqual([]);
  });

  it.each<[string, Partial<Parameters<typeof observe>[0]>, RegExp]>([
    [
      'a path that does not canonicalise (the rules saw it resolved)',
      { gatehouse: [verify(`http://${APP}/x`, 200)], upstream: [seen(APP, '/admin/../x', [['Host', APP]])] },
      /does not canonicalise \(dot segment\)/,
    ],
    [
      'another host than the one judged (absolute-form line, Host header believed)',
      { gatehouse: [verify('http://public.example.test/secure/x', 200)], upstream: [seen(APP, '/secure/x', [['Host', 'public.example.test']])] },
      /which is not its own/,
    ],
    [
      'a request Gatehouse did not answer 2xx',
      { gatehouse: [verify(`http://${APP}/x`, 401)], upstream: [seen(APP, '/x', [['Host', APP]])] },
      /without any 2xx from Gatehouse/,
    ],
    [
      'a query other than the one judged',
      { gatehouse: [verify(`http://${APP}/x?a=1`, 200)], upstream: [seen(APP, '/x?a=2', [['Host', APP]])] },
      /Gatehouse judged GET app\.example\.test \/x\?a=1/,
    ],
    [
      'a Remote-User the client made up',
      {
        gatehouse: [verify(`http://${APP}/x`, 200)],
        upstream: [
          seen(APP, '/x', [
            ['Host', APP],
            ['Remote-User', 'mallory'],
          ]),
        ],
      },
      /Remote-User \["mallory"\] but Gatehouse said \[\]/,
    ],
    [
      'a Remote_User header at all',
      { gatehouse: [verify(`http://${APP}/x`, 200, alice)], upstream: [seen(APP, '/x', [['Host', APP], ...alice, ['Remote_User', 'mallory']])] },
      /the client's remote_user reached it/,
    ],
    [
      'the session cookie',
      {
        plan: { headers: [['Cookie', `gatehouse_session=${SESSION}`]] },
        gatehouse: [verify(`http://${APP}/x`, 200, alice)],
        upstream: [seen(APP, '/x', [['Host', APP], ...alice, ['Cookie', `gatehouse_session=${SESSION}`]])],
      },
      /the session cookie reached it/,
    ],
    [
      "the client's other cookies missing",
      {
        plan: { headers: [['Cookie', `gatehouse_session=${SESSION}; theme=dark`]] },
        gatehouse: [verify(`http://${APP}/x`, 200, alice)],
        upstream: [seen(APP, '/x', [['Host', APP], ...alice])],
      },
      /cookies \[\], the client's others were \["theme=dark"\]/,
    ],
    [
      'an identity for a request with two session cookies',
      {
        plan: { headers: [['Cookie', `gatehouse_session=${SESSION}; gatehouse_session=x`]] },
        gatehouse: [verify(`http://${APP}/x`, 200, alice)],
        upstream: [seen(APP, '/x', [['Host', APP], ...alice])],
      },
      /carried 2 session cookies/,
    ],
    [
      "a Paperless Authorization other than Gatehouse's real token",
      {
        gatehouse: [verify('http://paperless.example.test/api/documents/', 200, [['X-Paperless-Authorization', `Token ${REAL}`]])],
        upstream: [
          seen('paperless.example.test', '/api/documents/', [
            ['Host', 'paperless.example.test'],
            ['Authorization', 'Basic eDp5'],
          ]),
        ],
      },
      /Authorization \["Basic eDp5"\] on Paperless/,
    ],
    [
      'credentials on a Paperless probe (which skips Gatehouse)',
      {
        upstream: [
          seen('paperless.example.test', '/api/', [
            ['Host', 'paperless.example.test'],
            ['Cookie', 'a=b'],
          ]),
        ],
      },
      /a Paperless probe \(no Gatehouse\) carried cookie/,
    ],
    ['a 5xx from the proxy', { status: 502 }, /the proxy answered 502/],
    ['no answer at all', { status: 0, raw: '' }, /closed the connection without an answer/],
    [
      'X-Paperless-Authorization for the client',
      { responseHeaders: [['X-Paperless-Authorization', `Token ${REAL}`]] },
      /the client got X-Paperless-Authorization/,
    ],
    ['the real token anywhere in the answer', { raw: `HTTP/1.1 200 OK\r\n\r\n{"token":"${REAL}"}` }, /the client got the real Paperless token/],
    [
      'a verify path passed on by the portal',
      { gatehouse: [relayed('/api/./verify', [['Host', 'auth.example.test']], 400)] },
      /the portal passed "\/api\/\.\/verify" on to Gatehouse/,
    ],
  ])('reports %s', (_label, parts, message) => {
    const found = violations(observe(parts), world);
    expect(
      found.some((v) => message.test(v)),
      found.join('\n'),
    ).toBe(true);
  });

  it('passes a Paperless probe spelled exactly, without credentials or Gatehouse', () => {
    expect(violations(observe({ upstream: [seen('paperless.example.test', '/api/', [['Host', 'paperless.example.test']])] }), world)).toEqual([]);
    const spelledOtherwise = observe({ upstream: [seen('paperless.example.test', '/api/#frag', [['Host', 'paperless.example.test']])] });
    expect(violations(spelledOtherwise, world).join('\n')).toMatch(/without any 2xx from Gatehouse/);
  });
});
