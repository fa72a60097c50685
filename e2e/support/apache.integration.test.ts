/**
 * The Apache harness (e2e/support/apache.ts) on its own, against the test OpenID Connect provider
 * (e2e/support/oidc-provider.mjs) rather than Gatehouse: Debian's apache2 accepts the generated
 * config, mod_auth_openidc sends an anonymous visitor to the provider's authorization endpoint
 * with what oidc-apache.spec relies on (S256 PKCE, the scopes, the client and redirect URI), the
 * public page is public, a forged session cookie does not pass, and the logout URL is accepted.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../test/support/free-port';
import { APACHE_SCOPE, apacheConfig, apacheUrls, parseClaimsPage, startApache, type ApacheProcess } from './apache';

type TOidcProvider = { issuer: string; clientId: string; clientSecret: string; stop(): Promise<void> };
type TServices = { startOidcProvider(redirectUris: string[]): Promise<TOidcProvider> };

// scripts/lib/services.mjs is plain JavaScript without type declarations.
async function loadServices(): Promise<TServices> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/services.mjs')).href)) as TServices;
}

/**
 * The raw answer, read until the server closes. mod_auth_openidc 2.4.12's error page has a
 * Content-Length shorter than its body, which node:http refuses to parse.
 */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('end', () => resolve(text));
    socket.once('error', reject);
  });
}

type Answer = { status: number; location: string; setCookie: string[]; body: string };

/**
 * A browser-like top-level GET with node:http (fetch() would send `Sec-Fetch-Mode: cors`, which
 * mod_auth_openidc answers with 401 instead of a redirect, as it does for XHR).
 */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? '', setCookie: res.headers['set-cookie'] ?? [], body }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('Apache with mod_auth_openidc (test harness)', () => {
  let provider: TOidcProvider;
  let apache: ApacheProcess;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    provider = await (await loadServices()).startOidcProvider([apacheUrls(port).redirectUri]);
    apache = await startApache({ issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret }, port);
  });

  afterAll(async () => {
    await apache?.stop();
    await provider?.stop();
  });

  it('sends an anonymous visitor to the authorization endpoint with S256 PKCE, the scopes, the client and the redirect URI', async () => {
    const res = await get(apache.claims);
    expect(res.status).toBe(302);
    const location = new URL(res.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({ response_type: 'code', client_id: provider.clientId, redirect_uri: apache.redirectUri, scope: APACHE_SCOPE });
    expect(params.code_challenge_method).toBe('S256');
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state).toBeTruthy();
    expect(params.nonce).toBeTruthy();
    // The state travels in a cookie of Apache's own.
    expect(res.setCookie.some((c) => c.startsWith('mod_auth_openidc_state_') && /HttpOnly/i.test(c))).toBe(true);
  });

  it('serves the signed-out page to anyone, and does not let a forged session cookie through', async () => {
    const page = await get(apache.signedOut);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed out of the Apache app');
    const forged = await get(apache.claims, { Cookie: 'mod_auth_openidc_session=00000000-0000-0000-0000-000000000000' });
    expect(forged.status).toBe(302);
    expect(forged.location).toContain(`${provider.issuer}/auth?`);
  });

  it('accepts its own logout URL, and refuses to send the browser to another host after logout', async () => {
    const own = await get(apache.logout);
    // No Apache session here: nothing to end at the provider, straight to the page.
    expect([302, 303]).toContain(own.status);
    expect(own.location).toBe(apache.signedOut);
    const away = await rawGet(apache.port, `/protected/redirect_uri?logout=${encodeURIComponent('https://evil.example/')}`);
    expect(away).not.toMatch(/^location:/im);
    expect(away).toContain('URL not allowed');
  });

  it('refuses to write a value that would break out of a quoted directive, and parses the claims page', () => {
    const layout = { dir: '/nonexistent', port: 1 };
    const oidc = { issuer: 'http://127.0.0.1:2', clientId: 'c', passphrase: 'p' };
    expect(() => apacheConfig(layout, { ...oidc, clientSecret: 'a"\nOIDCSSLValidateServer Off' }, null)).toThrow(/refusing/);
    expect(() => apacheConfig(layout, { ...oidc, clientSecret: 'ends-with\\' }, null)).toThrow(/refusing/);
    expect(apacheConfig(layout, { ...oidc, clientSecret: 'plain' }, 'www-data')).toContain('User www-data');
    expect(parseClaimsPage('REMOTE_USER=ada\nOIDC_CLAIM_groups=a,b\nOIDC_CLAIM_x=1=2\n')).toEqual({
      REMOTE_USER: 'ada',
      OIDC_CLAIM_groups: 'a,b',
      OIDC_CLAIM_x: '1=2',
    });
  });
});
