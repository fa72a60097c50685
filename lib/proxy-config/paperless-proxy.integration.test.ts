/**
 * A Paperless-ngx app behind the generated configuration, in the real proxies (Debian's nginx
 * 1.22 and Caddy 2.6, as in proxy-config.integration.test.ts): a stand-in for Gatehouse's verify
 * endpoints that knows one device token and one session cookie, and a recording upstream that
 * stands in for Paperless. Shows that
 * - a device token reaches Paperless as the real token, never as itself;
 * - a bad device token gets Paperless's own 401 (JSON, WWW-Authenticate: Token), not a redirect;
 * - a browser signed in by cookie reaches Paperless with Remote-User and no Authorization, even
 *   when it sent its own (Basic);
 * - the blocked paths (the Django admin, POST /api/token/, allauth logins), in tricky spellings
 *   too, are answered 403 by the proxy and never reach Paperless or Gatehouse;
 * - the apps' probes reach Paperless without Gatehouse and without any client credential;
 * - client Remote-User / Remote_User never reach Paperless on any route;
 * - a non-Paperless app on the same proxy is left as it was.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../test/support/free-port';
import { loadProxies, type TProcess, type TProxies } from '../../test/support/proxies';
import { httpRequest, type RawResponse } from '../../test/support/http';
import { caddyConfig, nginxConfig, type TProxyConfigInput } from './index';

const PAPERLESS = 'paperless.example.test';
const WIKI = 'wiki.example.test';
const PORTAL = 'auth.example.test';
/** A Gatehouse device token, as an app sends it, and the user's real Paperless token behind it. */
const DEVICE_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const REAL_TOKEN = 'fedcba9876543210fedcba9876543210fedcba98';
/** A well-formed device token Gatehouse does not know (revoked, say). */
const UNKNOWN_TOKEN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
/** A token Gatehouse answers with a sign-in Location (nginx flavour): the app must still get JSON. */
const STEP_UP_TOKEN = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const INVALID_TOKEN_BODY = { detail: 'Invalid token.' };
const HOSTILE = { 'Remote-User': 'mallory', Remote_User: 'mallory', 'Remote-Groups': 'admins', 'X-Paperless-Authorization': `Token ${'e'.repeat(40)}` };

type TCall = { method: string; url: string; headers: IncomingHttpHeaders };

let proxies: TProxies;
let gatehouse: Server;
let upstream: Server;
const running: TProcess[] = [];
const verifyCalls: (TCall & { flavour: 'auth-request' | 'forward-auth' })[] = [];
const upstreamCalls: TCall[] = [];

function header(req: IncomingMessage, name: string): string {
  return String(req.headers[name] ?? '');
}

/**
 * Stand-in for Gatehouse's verify endpoints, shaped like lib/verify/verify-request.ts: a device
 * token first (valid → 200 with Remote-User, X-Paperless-Authorization and Authorization; any
 * other Token header → 401 WWW-Authenticate: Token + JSON, never a fall-through to the cookie),
 * then the `gh=alice` cookie (200 + Remote-User), else sign-in: a 401 + Location for nginx, a
 * 302 for a browser GET through forward auth (401 + Location for API clients). A 200 for a
 * request with cookies hands them back without the session cookie `gh` (X-Gatehouse-Cookie for
 * nginx, Cookie for forward auth), as Gatehouse does.
 */
function fakeGatehouse(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path !== '/api/verify' && path !== '/api/verify/forward-auth') {
    res.writeHead(404).end();
    return;
  }
  const flavour = path === '/api/verify' ? 'auth-request' : 'forward-auth';
  verifyCalls.push({ flavour, method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const target =
    flavour === 'auth-request'
      ? header(req, 'x-original-url')
      : `${header(req, 'x-forwarded-proto')}://${header(req, 'x-forwarded-host')}${header(req, 'x-forwarded-uri')}`;
  const method = flavour === 'auth-request' ? header(req, 'x-original-method') : header(req, 'x-forwarded-method');
  const signIn = `http://${PORTAL}/sign-in?rd=${encodeURIComponent(target)}`;
  const authorization = header(req, 'authorization').trim();
  const json = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  const cookies: Record<string, string> =
    req.headers.cookie === undefined
      ? {}
      : {
          [flavour === 'auth-request' ? 'X-Gatehouse-Cookie' : 'Cookie']: header(req, 'cookie')
            .split(';')
            .map((p) => p.trim())
            .filter((p) => p.split('=')[0] !== 'gh')
            .join('; '),
        };
  if (/^token(\s|$)/i.test(authorization)) {
    if (authorization === `Token ${DEVICE_TOKEN}`) {
      res
        .writeHead(200, { 'Remote-User': 'alice', 'X-Paperless-Authorization': `Token ${REAL_TOKEN}`, Authorization: `Token ${REAL_TOKEN}`, ...cookies })
        .end();
    } else if (authorization === `Token ${STEP_UP_TOKEN}` && flavour === 'auth-request') {
      res.writeHead(401, { Location: signIn }).end();
    } else {
      res.writeHead(401, { ...json, 'WWW-Authenticate': 'Token' }).end(JSON.stringify(INVALID_TOKEN_BODY));
    }
    return;
  }
  if (header(req, 'cookie').includes('gh=alice')) {
    res.writeHead(200, { 'Remote-User': 'alice', 'Remote-Groups': 'paperless', ...cookies }).end();
    return;
  }
  const browser = (method === 'GET' || method === 'HEAD') && header(req, 'accept').includes('text/html') && !req.headers['x-requested-with'];
  res.writeHead(flavour === 'forward-auth' && browser ? 302 : 401, { Location: signIn }).end();
}

/** Stand-in for Paperless (and the wiki): records what reached it and answers with it. */
function recordingUpstream(req: IncomingMessage, res: ServerResponse) {
  req.resume();
  req.on('end', () => {
    const call = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    upstreamCalls.push(call);
    const body = JSON.stringify(call);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

let gatehousePort: number;
let upstreamPort: number;

function inputFor(port: number): TProxyConfigInput {
  return {
    portalUrl: `http://${PORTAL}:${port}`,
    cookieDomain: 'example.test',
    gatehouseUpstream: `http://127.0.0.1:${gatehousePort}`,
    apps: [
      { host: PAPERLESS, upstream: `http://127.0.0.1:${upstreamPort}`, paperless: true },
      { host: WIKI, upstream: `http://127.0.0.1:${upstreamPort}` },
    ],
    listen: { scheme: 'http', port, address: '127.0.0.1' },
  };
}

type TResult = RawResponse & { upstream: TCall[]; verify: TCall[] };

beforeAll(async () => {
  proxies = await loadProxies();
  gatehouse = createServer(fakeGatehouse);
  upstream = createServer(recordingUpstream);
  gatehousePort = await listen(gatehouse);
  upstreamPort = await listen(upstream);
});

afterAll(async () => {
  await Promise.allSettled(running.map((p) => p.stop()));
  await close(gatehouse);
  await close(upstream);
});

describe('the real proxies accept the Paperless configuration', () => {
  it('nginx -t accepts it', async () => {
    const result = proxies.nginxTest(nginxConfig(inputFor(await freeLoopbackPort())).full);
    expect(result.output).toMatch(/test is successful/);
    expect(result.ok).toBe(true);
  });

  it('caddy validate accepts it, and it is already caddy-fmt formatted', async () => {
    const caddyfile = caddyConfig(inputFor(await freeLoopbackPort()));
    const result = proxies.caddyValidate(caddyfile);
    expect(result.output).toMatch(/Valid configuration/);
    expect(result.ok).toBe(true);
    expect(proxies.caddyFormat(caddyfile)).toBe(caddyfile);
  });
});

describe.each(['nginx', 'caddy'] as const)('%s in front of Paperless', (proxy) => {
  let port: number;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    const input = inputFor(port);
    running.push(
      proxy === 'nginx' ? await proxies.startNginx({ serverConfig: nginxConfig(input).full }) : await proxies.startCaddy({ caddyfile: caddyConfig(input) }),
    );
  });

  /** One request through the proxy, with what it made reach the upstream and Gatehouse. */
  async function send(path: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<TResult> {
    const [upstreamBefore, verifyBefore] = [upstreamCalls.length, verifyCalls.length];
    const res = await httpRequest({
      port,
      path,
      method: options.method,
      host: `${options.host ?? PAPERLESS}:${port}`,
      headers: { Accept: 'application/json', ...options.headers },
      body: options.body,
    });
    return { ...res, upstream: upstreamCalls.slice(upstreamBefore), verify: verifyCalls.slice(verifyBefore) };
  }

  function only(calls: TCall[]): TCall {
    expect(calls).toHaveLength(1);
    return calls[0]!;
  }

  /** Identity headers come from Gatehouse only (HOSTILE's values never pass). */
  function expectNoClientIdentity(call: TCall) {
    for (const name of ['remote_user', 'x-paperless-authorization', 'x-gatehouse-paperless-authorization']) {
      expect(call.headers[name], name).toBeUndefined();
    }
    expect(call.headers['remote-user'] ?? 'alice').toBe('alice');
    expect(call.headers['remote-groups'] ?? 'paperless').toBe('paperless');
  }

  describe('device tokens', () => {
    it("reach Paperless as the user's real token, never as themselves", async () => {
      const res = await send('/api/documents/?page=1', { headers: { Authorization: `Token ${DEVICE_TOKEN}`, ...HOSTILE } });
      expect(res.status).toBe(200);
      const seen = only(res.upstream);
      expect(seen.url).toBe('/api/documents/?page=1');
      expect(seen.headers.authorization).toBe(`Token ${REAL_TOKEN}`);
      expect(seen.headers['remote-user']).toBe('alice');
      expectNoClientIdentity(seen);
      expect(JSON.stringify(seen.headers)).not.toContain(DEVICE_TOKEN);
      // The real token never comes back to the device.
      expect(JSON.stringify(res.headers)).not.toContain(REAL_TOKEN);
      // Gatehouse judged the device token: the client's Authorization reached the verify endpoint.
      const verify = only(res.verify);
      expect(verify.headers.authorization).toBe(`Token ${DEVICE_TOKEN}`);
      expect(verify.headers['remote-user']).toBeUndefined();
      expect(verify.headers.remote_user).toBeUndefined();
    });

    it('work for a POST with a body (an upload)', async () => {
      const res = await send('/api/documents/post_document/', {
        method: 'POST',
        headers: { Authorization: `Token ${DEVICE_TOKEN}`, 'Content-Type': 'text/plain' },
        body: 'hello',
      });
      expect(res.status).toBe(200);
      const seen = only(res.upstream);
      expect(seen.method).toBe('POST');
      expect(seen.headers['content-length']).toBe('5');
      expect(seen.headers.authorization).toBe(`Token ${REAL_TOKEN}`);
    });

    it.each([
      ['an unknown token', `Token ${UNKNOWN_TOKEN}`, 'application/json'],
      ['an unknown token from a client that accepts HTML', `Token ${UNKNOWN_TOKEN}`, 'text/html,*/*'],
      ['a malformed token', 'Token not-a-token', 'application/json'],
      ['a lower-case keyword', `token ${UNKNOWN_TOKEN}`, '*/*'],
    ])("answer %s with Paperless's 401 JSON and WWW-Authenticate: Token, never a redirect", async (_label, authorization, accept) => {
      const res = await send('/api/documents/', { headers: { Authorization: authorization, Accept: accept } });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Token');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body)).toEqual(INVALID_TOKEN_BODY);
      expect(res.headers.location).toBeUndefined();
      expect(res.upstream).toEqual([]);
    });

    if (proxy === 'nginx') {
      it("answer an app with the JSON 401 even when Gatehouse's 401 names a sign-in page", async () => {
        const res = await send('/api/documents/', { headers: { Authorization: `Token ${STEP_UP_TOKEN}`, Accept: 'text/html' } });
        expect(res.status).toBe(401);
        expect(JSON.parse(res.body)).toEqual(INVALID_TOKEN_BODY);
        expect(res.headers.location).toBeUndefined();
        expect(res.upstream).toEqual([]);
      });
    }
  });

  describe('browsers', () => {
    it('reach Paperless with Remote-User and no Authorization, even when they sent their own', async () => {
      const res = await send('/documents/', {
        headers: { Cookie: 'gh=alice; csrftoken=abc', Authorization: 'Basic YWxpY2U6c2VjcmV0', Accept: 'text/html', ...HOSTILE },
      });
      expect(res.status).toBe(200);
      const seen = only(res.upstream);
      expect(seen.headers['remote-user']).toBe('alice');
      expect(seen.headers.authorization).toBeUndefined();
      // Paperless's own cookies pass; Gatehouse's session cookie never does.
      expect(seen.headers.cookie).toBe('csrftoken=abc');
      expectNoClientIdentity(seen);
      // Gatehouse was shown the client's Authorization (it judges it), not its identity claims.
      const verify = only(res.verify);
      expect(verify.headers.authorization).toBe('Basic YWxpY2U6c2VjcmV0');
      expect(verify.headers['remote-user']).toBeUndefined();
    });

    it('without a session are sent to sign in', async () => {
      const res = await send('/documents/', { headers: { Accept: 'text/html', 'Remote-User': 'alice' } });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`http://${PORTAL}/sign-in?rd=${encodeURIComponent(`http://${PAPERLESS}:${port}/documents/`)}`);
      expect(res.upstream).toEqual([]);
    });
  });

  describe('blocked paths', () => {
    it.each([
      ['GET', '/admin/'],
      ['GET', '/admin'],
      ['GET', '/admin/login/?next=/admin/'],
      ['POST', '/admin/login/'],
      ['GET', '/admin/authtoken/tokenproxy/'],
      ['GET', '//admin/'],
      ['GET', '/Admin/'],
      ['GET', '/%61dmin/'],
      ['GET', '/admin%2Flogin/'],
      // Paperless routes "admin/" anywhere in the path to the Django admin (an unanchored re_path).
      ['POST', '/documents/admin/login/'],
      ['GET', '/api/nothing/admin/'],
      ['POST', '/api/token/'],
      ['POST', '/api/token'],
      ['POST', '//api/token/'],
      ['POST', '/api/%74oken/'],
      ['POST', '/api%2Ftoken/'],
      ['PUT', '/api/token/'],
      ['GET', '/api/token'],
      ['GET', '/api/auth/headless/app/v1/config'],
      ['POST', '/api/auth/headless/app/v1/auth/login'],
      ['POST', '/api/auth/headless/app/v1/auth/provider/token'],
      ['GET', '/api/auth/headless'],
      ['GET', '/api/auth/login/'],
      ['POST', '/api/auth/login/'],
      ['POST', '/api/auth/login'],
      // Rotating the one real token would break every device: only Gatehouse rotates it.
      ['POST', '/api/profile/generate_auth_token/'],
      ['POST', '/api/profile/generate_auth_token'],
      ['POST', '/API/profile/generate_auth_token/'],
      // Only GET and HEAD are probes.
      ['POST', '/api/'],
      ['DELETE', '/api/schema/view/'],
    ])('%s %s → 403 from the proxy, never reaching Paperless or Gatehouse', async (method, path) => {
      const res = await send(path, {
        method,
        headers: { Authorization: `Token ${DEVICE_TOKEN}`, Cookie: 'gh=alice', 'Content-Type': 'application/json' },
        body: method === 'GET' || method === 'DELETE' ? undefined : '{"username":"alice","password":"x"}',
      });
      expect(res.status).toBe(403);
      expect(res.upstream).toEqual([]);
      expect(res.verify).toEqual([]);
    });

    it('answers 403 with a JSON detail an app can show', async () => {
      const res = await send('/api/token/', { method: 'POST', body: '{}' });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body).detail).toMatch(/Blocked by the proxy/);
    });

    it.each(['/admin/../documents/', '/admin/%2e%2e/documents/', '/api/token/./', '/documents/%2E%2E/admin/'])(
      'refuses %s: a dot segment would reach Paperless unresolved',
      async (path) => {
        const res = await send(path, { headers: { Cookie: 'gh=alice' } });
        expect(res.status).toBe(400);
        expect(res.upstream).toEqual([]);
      },
    );

    it('lets look-alikes through to Gatehouse as usual', async () => {
      for (const path of ['/administration', '/documents/?q=admin/', '/api/tokens/', '/api/auth/logout/']) {
        const res = await send(path, { headers: { Cookie: 'gh=alice' } });
        expect(res.status, path).toBe(200);
        expect(only(res.upstream).url).toBe(path);
        expect(res.verify, path).toHaveLength(1);
      }
    });
  });

  describe("the apps' unauthenticated probes", () => {
    it.each([
      ['GET', '/api/'],
      ['GET', '/api/schema/view/'],
      ['GET', '/api/token/'],
      ['HEAD', '/api/token/'],
      ['GET', '/api/?format=json'],
    ])('%s %s reaches Paperless without Gatehouse and without any client credential', async (method, path) => {
      const res = await send(path, {
        method,
        headers: { Authorization: `Token ${DEVICE_TOKEN}`, Cookie: 'gh=alice; sessionid=abc', Accept: 'application/json; version=9', ...HOSTILE },
      });
      expect(res.status).toBe(200);
      expect(res.verify).toEqual([]);
      const seen = only(res.upstream);
      expect(seen.method).toBe(method);
      expect(seen.url).toBe(path);
      for (const name of ['authorization', 'cookie', 'remote-user', 'remote_user', 'remote-groups', 'x-paperless-authorization']) {
        expect(seen.headers[name], name).toBeUndefined();
      }
      // What Paperless needs to answer the probe is still there.
      expect(seen.headers.accept).toBe('application/json; version=9');
      expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    });

    it('are exact: a deeper path under /api/ asks Gatehouse', async () => {
      const res = await send('/api/ui_settings/', { headers: { Authorization: `Token ${DEVICE_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.verify).toHaveLength(1);
      expect(only(res.upstream).headers.authorization).toBe(`Token ${REAL_TOKEN}`);
    });
  });

  describe('a non-Paperless app on the same proxy', () => {
    it('is unchanged: its own Authorization passes, and /admin/ is not blocked', async () => {
      const res = await send('/admin/', { host: WIKI, headers: { Cookie: 'gh=alice', Authorization: 'Basic d2lraTp3aWtp', ...HOSTILE } });
      expect(res.status).toBe(200);
      const seen = only(res.upstream);
      expect(seen.headers.authorization).toBe('Basic d2lraTp3aWtp');
      expect(seen.headers['remote-user']).toBe('alice');
      expect(seen.headers.remote_user).toBeUndefined();
      expect(res.verify).toHaveLength(1);
    });

    it('is unchanged: a device token is not translated there', async () => {
      const res = await send('/page', { host: WIKI, headers: { Authorization: `Token ${DEVICE_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(only(res.upstream).headers.authorization).toBe(`Token ${DEVICE_TOKEN}`);
    });
  });
});
