/**
 * The generated configurations in the real proxies (Debian's nginx 1.22 and Caddy 2.6, which
 * scripts/test.mjs installs): nginx -t / caddy validate accept them, and a smoke test runs
 * both in front of the echo app with a tiny stand-in for Gatehouse's verify endpoints, showing
 * that the app sees Gatehouse's Remote-User and never a client's, that an unauthenticated
 * browser is redirected to sign-in, that the app gets the cookies Gatehouse hands back (never
 * the session cookie), that Gatehouse's "bad request" reaches the client as a 400, and that the
 * verify paths and /api/metrics are closed on the portal. (The same against the real Gatehouse, with generated
 * hostile requests: differential.integration.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../test/support/free-port';
import { loadProxies, type TProcess, type TProxies } from '../../test/support/proxies';
import { httpRequest } from '../../test/support/http';
import { sendRaw } from '../../test/differential/raw-http';
import { caddyConfig, nginxConfig, type TProxyConfigInput } from './index';

const APP = 'paperless.example.test';
const PORTAL = 'auth.example.test';
/** An application on a port of its own (not the portal's): given to the generators by its URL. */
const WHOAMI = 'whoami.example.test';
const ALICE = { 'Remote-User': 'alice', 'Remote-Groups': 'admins,users', 'Remote-Name': 'Alice Example', 'Remote-Email': 'alice@example.test' };
const HOSTILE = { 'Remote-User': 'mallory', Remote_User: 'mallory', 'Remote-Groups': 'admins', 'X-Original-URL': 'http://evil.test/' };

type TVerifyCall = { path: string; headers: IncomingHttpHeaders };
type TResponse = { status: number; headers: IncomingHttpHeaders; body: string };
type TEcho = { method: string; url: string; host: string; headers: Record<string, string> };

let proxies: TProxies;
let gatehouse: Server;
let gatehousePort: number;
let echo: TProcess & { url: string };
const running: TProcess[] = [];
const verifyCalls: TVerifyCall[] = [];

/** The request's Cookie header without the session cookie (`gh`), as Gatehouse hands it back. */
function withoutSession(cookie: string): string {
  return cookie
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.split('=')[0]!.trim() !== 'gh')
    .join('; ');
}

/**
 * Stand-in for Gatehouse: `/api/verify` (nginx) reads X-Original-URL, `/api/verify/forward-auth`
 * (Caddy) reads X-Forwarded-*. Requests for the app pass as alice with the `gh=alice` cookie
 * (all four identity headers), as bob with `gh=bob` (Remote-User only), /public/* passes
 * anonymously (a bypass rule), an `Authorization: Token …` header gets a bare 401 (an unknown
 * API token), /bad-target/* is refused as a bad target (403 + X-Gatehouse-Status: 400 for
 * nginx, 400 for forward auth), anything else gets the sign-in URL: as a 401 + Location for
 * nginx, as a 302 for forward auth. A 2xx for a request with cookies carries them back without
 * `gh` (X-Gatehouse-Cookie for nginx, Cookie for forward auth), except under /no-cookie-answer/
 * (no such header) and /empty-cookie-answer/ (an empty one). Every other path answers like the
 * portal: an echo of the headers it received.
 */
function fakeGatehouse(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const header = (name: string) => String(req.headers[name] ?? '');
  if (path === '/api/verify' || path === '/api/verify/forward-auth') {
    verifyCalls.push({ path, headers: req.headers });
    const nginx = path === '/api/verify';
    const target = nginx ? header('x-original-url') : `${header('x-forwarded-proto')}://${header('x-forwarded-host')}${header('x-forwarded-uri')}`;
    let url: URL | null = null;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const signIn = `http://${PORTAL}:${url.port}/sign-in?rd=${encodeURIComponent(target)}`;
    if (header('authorization').startsWith('Token ')) {
      // An unknown API token: a 401 for the client itself, never a redirect.
      res.writeHead(401, { 'WWW-Authenticate': 'Token', 'Content-Type': 'application/json' }).end('{"detail":"Invalid token."}');
      return;
    }
    if (url.pathname.startsWith('/bad-target/')) {
      res.writeHead(nginx ? 403 : 400, nginx ? { 'X-Gatehouse-Status': '400' } : {}).end();
      return;
    }
    const cookies: Record<string, string> = {};
    if (req.headers.cookie !== undefined && !url.pathname.includes('/no-cookie-answer/')) {
      cookies[nginx ? 'X-Gatehouse-Cookie' : 'Cookie'] = url.pathname.includes('/empty-cookie-answer/') ? '' : withoutSession(header('cookie'));
    }
    // WHOAMI: alice may open it except /denied/; anyone else is sent to sign in.
    if (url.hostname === WHOAMI && url.pathname.startsWith('/denied/')) res.writeHead(403).end();
    else if (url.hostname === WHOAMI && header('cookie').includes('gh=alice')) res.writeHead(200, { ...ALICE, ...cookies }).end();
    else if (url.hostname === APP && url.pathname.startsWith('/public/')) res.writeHead(200, cookies).end();
    else if (url.hostname === APP && header('cookie').includes('gh=alice')) res.writeHead(200, { ...ALICE, ...cookies }).end();
    else if (url.hostname === APP && header('cookie').includes('gh=bob')) res.writeHead(200, { 'Remote-User': 'bob', ...cookies }).end();
    else res.writeHead(nginx ? 401 : 302, { Location: signIn }).end();
    return;
  }
  const body = JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, headers: req.headers });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}

function send(
  port: number,
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TResponse> {
  return httpRequest({ port, path, method: options.method, host: `${host}:${port}`, headers: { Accept: 'text/html', ...options.headers }, body: options.body });
}

function selfSignedCertificate(key: string, cert: string): void {
  const openssl = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=example.test',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  expect(openssl.status, String(openssl.stderr)).toBe(0);
}

async function startProxy(proxy: 'nginx' | 'caddy', input: TProxyConfigInput): Promise<void> {
  running.push(
    proxy === 'nginx' ? await proxies.startNginx({ serverConfig: nginxConfig(input).full }) : await proxies.startCaddy({ caddyfile: caddyConfig(input) }),
  );
}

/** The last call to the stand-in's verify endpoints, which must be `verifyPath`. */
function lastVerifyCallTo(verifyPath: string): TVerifyCall {
  const call = verifyCalls.at(-1);
  expect(call?.path).toBe(verifyPath);
  return call!;
}

function inputFor(port: number): TProxyConfigInput {
  return {
    portalUrl: `http://${PORTAL}:${port}`,
    cookieDomain: 'example.test',
    gatehouseUpstream: `http://127.0.0.1:${gatehousePort}`,
    apps: [{ host: APP, upstream: echo.url }],
    listen: { scheme: 'http', port, address: '127.0.0.1' },
  };
}

beforeAll(async () => {
  proxies = await loadProxies();
  gatehouse = createServer(fakeGatehouse);
  await new Promise<void>((resolve) => gatehouse.listen(0, '127.0.0.1', resolve));
  const address = gatehouse.address();
  gatehousePort = typeof address === 'object' && address ? address.port : 0;
  echo = await proxies.startEchoApp();
  running.push(echo);
});

afterAll(async () => {
  await Promise.allSettled(running.map((p) => p.stop()));
  gatehouse?.closeAllConnections();
  await new Promise((resolve) => (gatehouse ? gatehouse.close(resolve) : resolve(undefined)));
});

describe('the real proxies accept the generated configuration', () => {
  it('nginx -t accepts the http-mode config', async () => {
    const result = proxies.nginxTest(nginxConfig(inputFor(await freeLoopbackPort())).full);
    expect(result.output).toMatch(/test is successful/);
    expect(result.ok).toBe(true);
  });

  it('nginx -t accepts the https-mode config once its certificate paths exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cert-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      selfSignedCertificate(key, cert);
      const full = nginxConfig({ ...inputFor(443), listen: undefined, portalUrl: `https://${PORTAL}` }).full;
      expect(full).toMatch(/listen 443 ssl;/);
      const withCerts = full.replace(/\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g, cert).replace(/\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g, key);
      const result = proxies.nginxTest(withCerts);
      expect(result.output).toMatch(/test is successful/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('caddy validate accepts the http-mode Caddyfile, which is already caddy-fmt formatted', async () => {
    const caddyfile = caddyConfig(inputFor(await freeLoopbackPort()));
    const result = proxies.caddyValidate(caddyfile);
    expect(result.output).toMatch(/Valid configuration/);
    expect(result.ok).toBe(true);
    expect(result.output).not.toMatch(/not formatted/);
    expect(proxies.caddyFormat(caddyfile)).toBe(caddyfile);
  });

  it('caddy validate accepts the https-mode Caddyfile (automatic HTTPS and certificate files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cert-'));
    try {
      const https = caddyConfig({ ...inputFor(443), listen: undefined, portalUrl: `https://${PORTAL}` });
      expect(proxies.caddyValidate(https).ok).toBe(true);
      expect(proxies.caddyFormat(https)).toBe(https);
      // With `tls <cert> <key>` Caddy loads the files while validating: give it real ones.
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      selfSignedCertificate(key, cert);
      const files = caddyConfig({ ...inputFor(443), listen: undefined, portalUrl: `https://${PORTAL}`, tls: 'files' }).replace(
        /tls \S+ \S+/g,
        `tls ${cert} ${key}`,
      );
      const result = proxies.caddyValidate(files);
      expect(result.output).toMatch(/Valid configuration/);
      expect(result.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each([
  { proxy: 'nginx', verifyPath: '/api/verify' },
  { proxy: 'caddy', verifyPath: '/api/verify/forward-auth' },
] as const)('$proxy in front of the echo app', ({ proxy, verifyPath }) => {
  let port: number;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    await startProxy(proxy, inputFor(port));
  });

  const lastVerifyCall = () => lastVerifyCallTo(verifyPath);

  it("passes Gatehouse's identity to the app and never the client's own Remote-User / Remote_User", async () => {
    const res = await send(port, APP, '/documents/?page=2', { headers: { Cookie: 'gh=alice', ...HOSTILE } });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    expect(seen.url).toBe('/documents/?page=2');
    expect(seen.host).toBe(`${APP}:${port}`);
    expect(seen.headers['remote-user']).toBe('alice');
    expect(seen.headers['remote-groups']).toBe('admins,users');
    expect(seen.headers['remote-name']).toBe('Alice Example');
    expect(seen.headers['remote-email']).toBe('alice@example.test');
    expect(seen.headers.remote_user).toBeUndefined();
    expect(seen.headers['x-original-url']).toBeUndefined();
    // The session cookie stays between the browser and Gatehouse.
    expect(seen.headers.cookie).toBeUndefined();

    // Gatehouse was asked about this very request, and was not shown the client's claims.
    const call = lastVerifyCall();
    if (proxy === 'nginx') {
      expect(call.headers['x-original-url']).toBe(`http://${APP}:${port}/documents/?page=2`);
      expect(call.headers['x-original-method']).toBe('GET');
    } else {
      expect(call.headers['x-forwarded-host']).toBe(`${APP}:${port}`);
      expect(call.headers['x-forwarded-uri']).toBe('/documents/?page=2');
      expect(call.headers['x-forwarded-method']).toBe('GET');
    }
    expect(call.headers.cookie).toBe('gh=alice');
    expect(call.headers['remote-user']).toBeUndefined();
    expect(call.headers.remote_user).toBeUndefined();
  });

  it('strips client identity headers even when Gatehouse lets a request pass anonymously', async () => {
    const res = await send(port, APP, '/public/logo.svg', { headers: HOSTILE });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    // Caddy 2.6's copy_headers would pass "{http.reverse_proxy.header.Remote-User}" here.
    for (const name of ['remote-user', 'remote-groups', 'remote-name', 'remote-email', 'remote_user']) {
      expect(seen.headers[name], name).toBeUndefined();
    }
  });

  it('passes only the identity headers Gatehouse sent (a user in no group has no Remote-Groups)', async () => {
    const res = await send(port, APP, '/documents/', { headers: { Cookie: 'gh=bob', 'Remote-Groups': 'admins' } });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    expect(seen.headers['remote-user']).toBe('bob');
    expect(seen.headers['remote-groups']).toBeUndefined();
    expect(seen.headers['remote-name']).toBeUndefined();
  });

  it('redirects an unauthenticated browser to the sign-in URL Gatehouse gave', async () => {
    const res = await send(port, APP, '/documents/', { headers: { 'Remote-User': 'alice' } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://${PORTAL}:${port}/sign-in?rd=${encodeURIComponent(`http://${APP}:${port}/documents/`)}`);
    expect(res.body).not.toContain('remote-user');
  });

  it("answers 401 with Gatehouse's WWW-Authenticate, not a redirect, when Gatehouse gave no Location", async () => {
    const res = await send(port, APP, '/api/documents/', { headers: { Authorization: `Token ${'0'.repeat(40)}`, Accept: 'application/json' } });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Token');
    expect(res.headers.location).toBeUndefined();
  });

  it('forwards a signed-in POST with its body to the app (the verify call carries none)', async () => {
    const res = await send(port, APP, '/api/documents/post_document/', {
      method: 'POST',
      headers: { Cookie: 'gh=alice', 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-length']).toBe('5');
    expect(seen.headers['remote-user']).toBe('alice');
    const call = lastVerifyCall();
    expect(call.headers['content-length'] ?? '0').toBe('0');
  });

  it('hands the app the cookies Gatehouse gives back: never the session cookie, none when nothing is left', async () => {
    const both = await send(port, APP, '/documents/', { headers: { Cookie: 'theme=dark; gh=alice; csrftoken=abc' } });
    expect(both.status).toBe(200);
    expect((JSON.parse(both.body) as TEcho).headers.cookie).toBe('theme=dark; csrftoken=abc');
    // Two Cookie header lines (a browser sends one, a client may send more): Gatehouse reads them
    // joined, and the app gets one. (Raw: Node's client would join them itself.)
    const two = await sendRaw(port, `GET /public/x HTTP/1.1\r\nHost: ${APP}:${port}\r\nCookie: a=1; gh=bob\r\nCookie: b=2\r\nConnection: close\r\n\r\n`);
    expect((JSON.parse(two.body) as TEcho).headers.cookie).toBe('a=1; b=2');
    // Gatehouse sent no cookie header, or an empty one: the app gets no Cookie at all (Caddy 2.6
    // would otherwise pass the literal "{http.reverse_proxy.header.Cookie}" or an empty header).
    for (const path of ['/public/no-cookie-answer/x', '/public/empty-cookie-answer/x']) {
      const res = await send(port, APP, path, { headers: { Cookie: 'gh=alice; theme=dark' } });
      expect(res.status, path).toBe(200);
      expect((JSON.parse(res.body) as TEcho).headers.cookie, path).toBeUndefined();
    }
    // A client's own handover headers change nothing.
    const forged = await send(port, APP, '/public/no-cookie-answer/x', {
      headers: { Cookie: 'gh=alice', 'X-Gatehouse-Cookie': 'gh=forged', 'X-Gatehouse-Upstream-Cookie': 'gh=forged' },
    });
    expect((JSON.parse(forged.body) as TEcho).headers.cookie).toBeUndefined();
  });

  it('has room for a large cookie handed back by Gatehouse (nginx: beyond its default 4k/8k header buffer)', async () => {
    // Two lines under nginx's 8k line limit; Gatehouse hands back 12k in one header.
    const big = ['x', 'y'].map((name) => `${name}=${name.repeat(6_000)}`);
    const res = await sendRaw(
      port,
      `GET /public/big HTTP/1.1\r\nHost: ${APP}:${port}\r\nCookie: gh=alice; ${big[0]}\r\nCookie: ${big[1]}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect((JSON.parse(res.body) as TEcho).headers.cookie).toBe(big.join('; '));
  });

  it("answers 400 when Gatehouse refuses the target as a bad request (not nginx's 500), and never asks the app", async () => {
    const res = await send(port, APP, '/bad-target/x', { headers: { Cookie: 'gh=alice' } });
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('"url"');
  });

  it('judges the host the proxy routed on: an absolute-form request line wins over a Host header naming another site', async () => {
    // Raw, because Node's client would not send a request line and a Host that disagree.
    const answer = await sendRaw(
      port,
      `GET http://${APP}:${port}/documents/ HTTP/1.1\r\nHost: ${PORTAL}:${port}\r\nCookie: gh=alice\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body) as TEcho;
    expect(seen.host).toBe(`${APP}:${port}`);
    expect(seen.headers['remote-user']).toBe('alice');
    const call = lastVerifyCall();
    if (proxy === 'nginx') expect(call.headers['x-original-url']).toBe(`http://${APP}:${port}/documents/`);
    else expect(call.headers['x-forwarded-host']).toBe(`${APP}:${port}`);
  });

  it('answers 404 on the portal for the verify paths and /api/metrics, whatever the spelling, without asking Gatehouse', async () => {
    const before = verifyCalls.length;
    for (const path of [
      '/api/verify',
      '/api/verify/forward-auth',
      '/api/authz/auth-request',
      '/api/authz/forward-auth',
      '//api/verify',
      '/api/%76erify',
      '/API/Verify',
      '/api/./verify',
      '/api/verify/',
      '/api/verify;x',
      '/api%2Fverify',
      '/api/metrics',
      '/api/metrics?x=1',
      '//api/metrics',
      '/api/%6detrics',
      '/API/Metrics',
    ]) {
      const res = await send(port, PORTAL, path, { headers: { Authorization: `Token ${'0'.repeat(40)}` } });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"url"');
    }
    expect(verifyCalls.length).toBe(before);
  });

  it('serves the portal from Gatehouse without client identity headers', async () => {
    const res = await send(port, PORTAL, '/sign-in', { headers: { ...HOSTILE, 'X-Forwarded-Uri': '/admin', 'X-Forwarded-Method': 'DELETE' } });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    expect(seen.url).toBe('/sign-in');
    for (const name of ['remote-user', 'remote_user', 'remote-groups', 'x-original-url', 'x-forwarded-uri', 'x-forwarded-method']) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(`${PORTAL}:${port}`);
  });
});

describe.each([
  { proxy: 'nginx', verifyPath: '/api/verify' },
  { proxy: 'caddy', verifyPath: '/api/verify/forward-auth' },
] as const)('$proxy: an application on a port of its own, beside the portal on its own', ({ proxy, verifyPath }) => {
  let portalPort: number;
  let appPort: number;

  beforeAll(async () => {
    portalPort = await freeLoopbackPort();
    appPort = await freeLoopbackPort();
    // No listen scheme or port: every site listens on the port of its own URL.
    const input: TProxyConfigInput = {
      portalUrl: `http://${PORTAL}:${portalPort}`,
      cookieDomain: 'example.test',
      gatehouseUpstream: `http://127.0.0.1:${gatehousePort}`,
      apps: [{ url: `http://${WHOAMI}:${appPort}`, upstream: echo.url }],
      listen: { address: '127.0.0.1' },
    };
    await startProxy(proxy, input);
  });

  const lastVerifyCall = () => lastVerifyCallTo(verifyPath);

  it('lets an allowed user through on the application port, and Gatehouse judges host and port', async () => {
    const res = await send(appPort, WHOAMI, '/x?y=1', { headers: { Cookie: 'gh=alice', ...HOSTILE } });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as TEcho;
    expect(seen.url).toBe('/x?y=1');
    expect(seen.host).toBe(`${WHOAMI}:${appPort}`);
    expect(seen.headers['remote-user']).toBe('alice');
    expect(seen.headers.remote_user).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    const call = lastVerifyCall();
    if (proxy === 'nginx') expect(call.headers['x-original-url']).toBe(`http://${WHOAMI}:${appPort}/x?y=1`);
    else expect(call.headers['x-forwarded-host']).toBe(`${WHOAMI}:${appPort}`);
  });

  it('refuses what Gatehouse denies, and never asks the app', async () => {
    const res = await send(appPort, WHOAMI, '/denied/x', { headers: { Cookie: 'gh=alice' } });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('"url"');
  });

  it('sends a browser without a session to sign in, with the target on its own port', async () => {
    const res = await send(appPort, WHOAMI, '/x', { headers: { 'Remote-User': 'alice' } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain(`rd=${encodeURIComponent(`http://${WHOAMI}:${appPort}/x`)}`);
  });

  it("serves the portal on the portal's own port, and the application is not there", async () => {
    const portal = await send(portalPort, PORTAL, '/sign-in', { headers: HOSTILE });
    expect(portal.status).toBe(200);
    const seen = JSON.parse(portal.body) as TEcho;
    expect(seen.headers['x-forwarded-host']).toBe(`${PORTAL}:${portalPort}`);
    expect(seen.headers['remote-user']).toBeUndefined();
    const before = verifyCalls.length;
    const wrongPort = await send(portalPort, WHOAMI, '/x', { headers: { Cookie: 'gh=alice' } });
    expect(wrongPort.body).not.toContain('"remote-user":"alice"');
    expect(verifyCalls.slice(before).some((c) => String(c.headers['x-original-url'] ?? c.headers['x-forwarded-host']).includes(WHOAMI))).toBe(false);
  });
});
