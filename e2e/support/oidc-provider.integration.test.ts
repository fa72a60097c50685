/**
 * The test OpenID Connect provider (e2e/support/oidc-provider.mjs) as a real process: discovery, and the whole
 * authorization code flow with PKCE driven by plain fetch through its development login and consent pages,
 * down to the id_token claims of the test accounts.
 */
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type TOidcProvider = { issuer: string; clientId: string; clientSecret: string; stop(): Promise<void> };
type TServices = {
  startOidcProvider(redirectUris: string[], options?: { anyLoopbackPort?: boolean }): Promise<TOidcProvider>;
};

// scripts/lib/services.mjs is plain JavaScript without type declarations (as in test/support/proxies.ts).
async function loadServices(): Promise<TServices> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/services.mjs')).href)) as TServices;
}

const REDIRECT_URI = 'http://127.0.0.1:9/cb';

/** A cookie jar for one host that honours cookie paths (the provider scopes its cookies to /interaction/<uid>). */
class CookieJar {
  private cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const path =
        attributes
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith('path='))
          ?.slice(5) || '/';
      const expired = attributes.some((a) => /^expires=/i.test(a.trim()) && Date.parse(a.trim().slice(8)) < Date.now());
      if (expired || value === '') this.cookies.delete(`${name} ${path}`);
      else this.cookies.set(`${name} ${path}`, { name, value, path });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter((c) => c.path === '/' || pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

type TAuthorization = { verifier: string; nonce: string; state: string; url: string };

function authorizationRequest(issuer: string, authorizationEndpoint: string, redirectUri = REDIRECT_URI): TAuthorization {
  const verifier = randomBytes(32).toString('base64url');
  const nonce = randomBytes(8).toString('hex');
  const state = randomBytes(8).toString('hex');
  const url = new URL(authorizationEndpoint, issuer);
  url.search = new URLSearchParams({
    client_id: 'gatehouse',
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: redirectUri,
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { verifier, nonce, state, url: url.href };
}

/**
 * Follows the authorization request through the login page (when shown) and the consent page, like a browser,
 * and returns the URL the provider finally redirects to (not followed). Records the pages it saw.
 */
async function signIn(authorizationUrl: string, login: string, redirectUri = REDIRECT_URI) {
  const jar = new CookieJar();
  const pages: { prompt: string; html: string }[] = [];
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
    jar.store(response);
    return response;
  };
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    const response = await go(url);
    if (response.status === 200) {
      const html = await response.text();
      const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
      const prompt = html.match(/name="prompt" value="(\w+)"/)?.[1];
      if (!action || !prompt) throw new Error(`unexpected page at ${url}:\n${html}`);
      pages.push({ prompt, html });
      const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any password at all' } : { prompt };
      const submitted = await go(new URL(action, url).href, {
        method: 'POST',
        body: new URLSearchParams(form),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(submitted.status).toBe(303);
      url = new URL(submitted.headers.get('location')!, url).href;
    } else if (response.status === 302 || response.status === 303) {
      url = new URL(response.headers.get('location')!, url).href;
    } else {
      throw new Error(`${url} answered ${response.status}:\n${await response.text()}`);
    }
    if (url.startsWith(redirectUri)) return { redirect: new URL(url), pages };
  }
  throw new Error('too many redirects');
}

type TDiscovery = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
  scopes_supported: string[];
  token_endpoint_auth_methods_supported: string[];
};

function decodeJwt(token: string) {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string; kid: string },
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    signed: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature, 'base64url'),
  };
}

describe('the test OpenID Connect provider', () => {
  let services: TServices;
  let provider: TOidcProvider;
  let discovery: TDiscovery;

  beforeAll(async () => {
    services = await loadServices();
    provider = await services.startOidcProvider([REDIRECT_URI]);
    discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as TDiscovery;
  });

  afterAll(async () => {
    await provider?.stop();
  });

  /** The whole code flow for `login`; returns the verified id_token claims and the pages shown. */
  async function codeFlow(login: string, clientAuth: 'basic' | 'post' = 'basic') {
    const request = authorizationRequest(provider.issuer, discovery.authorization_endpoint);
    const { redirect, pages } = await signIn(request.url, login);
    expect(redirect.searchParams.get('state')).toBe(request.state);
    expect(redirect.searchParams.get('iss')).toBe(provider.issuer);
    const code = redirect.searchParams.get('code');
    expect(code).toBeTruthy();

    const form = new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: request.verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (clientAuth === 'basic') headers.authorization = `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString('base64')}`;
    else {
      form.set('client_id', provider.clientId);
      form.set('client_secret', provider.clientSecret);
    }
    const response = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: form });
    const tokens = (await response.json()) as { id_token?: string; access_token?: string; token_type?: string; error?: string };
    expect(response.status, JSON.stringify(tokens)).toBe(200);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.access_token).toBeTruthy();

    const idToken = decodeJwt(tokens.id_token!);
    const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = keys.find((k) => k.kid === idToken.header.kid);
    expect(idToken.header.alg).toBe('RS256');
    expect(jwk).toBeDefined();
    expect(verify('sha256', idToken.signed, createPublicKey({ key: jwk!, format: 'jwk' }), idToken.signature)).toBe(true);
    expect(idToken.payload).toMatchObject({ iss: provider.issuer, aud: provider.clientId, nonce: request.nonce });
    return { claims: idToken.payload, pages, code: code!, verifier: request.verifier };
  }

  it('publishes its discovery document: issuer, endpoints, PKCE with S256', () => {
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.issuer).toBe(provider.issuer);
    expect(discovery.authorization_endpoint).toBe(`${provider.issuer}/auth`);
    expect(discovery.token_endpoint).toBe(`${provider.issuer}/token`);
    expect(discovery.jwks_uri).toBe(`${provider.issuer}/jwks`);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    expect(provider.clientId).toBe('gatehouse');
    expect(provider.clientSecret).toBe('gatehouse-secret');
  });

  it('signs alice in through the login and consent pages; the id_token carries her claims', async () => {
    const { claims, pages } = await codeFlow('alice');
    expect(pages.map((p) => p.prompt)).toEqual(['login', 'consent']);
    // The selectors the Playwright tests rely on.
    expect(pages[0]!.html).toContain('<input required type="text" name="login"');
    expect(pages[0]!.html).toContain('<input required type="password" name="password"');
    expect(pages[0]!.html).toContain('<button type="submit" class="login login-submit">Sign-in</button>');
    expect(pages[1]!.html).toContain('<button autofocus type="submit" class="login login-submit">Continue</button>');
    // No outside requests from the pages (the stock layout imports a Google font).
    expect(pages[0]!.html).not.toContain('googleapis');
    expect(claims).toMatchObject({ sub: 'alice', email: 'alice@example.test', email_verified: true, name: 'Alice', preferred_username: 'alice' });
  });

  it('gives unverified-* accounts email_verified false (client_secret_post works too)', async () => {
    const { claims } = await codeFlow('unverified-bob', 'post');
    expect(claims).toMatchObject({ sub: 'unverified-bob', email: 'unverified-bob@example.test', email_verified: false });
  });

  it('gives noemail-* accounts no email claim at all', async () => {
    const { claims } = await codeFlow('noemail-carl');
    expect(claims.sub).toBe('noemail-carl');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('email_verified');
    expect(claims.preferred_username).toBe('noemail-carl');
  });

  it('uses a login with an @ as the email address itself', async () => {
    const { claims } = await codeFlow('dana@corp.example');
    expect(claims).toMatchObject({ sub: 'dana@corp.example', email: 'dana@corp.example', email_verified: true, name: 'Dana', preferred_username: 'dana' });
  });

  it('requires PKCE and checks the code_verifier', async () => {
    const request = authorizationRequest(provider.issuer, discovery.authorization_endpoint);
    const withoutPkce = new URL(request.url);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    const refused = await fetch(withoutPkce, { redirect: 'manual' });
    const location = new URL(refused.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');

    const { redirect } = await signIn(request.url, 'erin');
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code')!,
        redirect_uri: REDIRECT_URI,
        code_verifier: randomBytes(32).toString('base64url'),
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('rejects a wrong client secret and an unregistered redirect URI', async () => {
    const { redirect } = await signIn(authorizationRequest(provider.issuer, discovery.authorization_endpoint).url, 'frank');
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${provider.clientId}:wrong`).toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code')!,
        redirect_uri: REDIRECT_URI,
        code_verifier: 'x'.repeat(43),
      }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');

    // Redirect URIs are matched exactly: another port of the same loopback host is refused.
    const elsewhere = await fetch(authorizationRequest(provider.issuer, discovery.authorization_endpoint, 'http://127.0.0.1:10/cb').url, {
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('invalid_redirect_uri');
  });

  it('with anyLoopbackPort (as scripts/test.mjs starts it) accepts the callback path on any loopback port', async () => {
    const loose = await services.startOidcProvider(['http://localhost/api/auth/callback/testidp', 'http://127.0.0.1/api/auth/callback/testidp'], {
      anyLoopbackPort: true,
    });
    try {
      for (const callback of ['http://localhost:41234/api/auth/callback/testidp', 'http://127.0.0.1:5/api/auth/callback/testidp']) {
        const { redirect, pages } = await signIn(authorizationRequest(loose.issuer, '/auth', callback).url, 'grace', callback);
        expect(redirect.searchParams.get('code')).toBeTruthy();
        expect(pages.map((p) => p.prompt)).toEqual(['login', 'consent']);
      }
      const otherPath = await fetch(authorizationRequest(loose.issuer, '/auth', 'http://localhost:41234/api/auth/callback/other').url, { redirect: 'manual' });
      expect(otherPath.status).toBe(400);
      const otherHost = await fetch(authorizationRequest(loose.issuer, '/auth', 'http://example.test:41234/api/auth/callback/testidp').url, {
        redirect: 'manual',
      });
      expect(otherHost.status).toBe(400);
    } finally {
      await loose.stop();
    }
  });
});
