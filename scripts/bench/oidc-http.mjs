// The relying-party side of `npm run bench:oidc`, written on node:http so the bench sees every
// status and redirect: keep-alive requests, a cookie jar, the authorization request (followed
// through Gatehouse's interaction with a signed-in session cookie until the redirect to the
// client's redirect_uri carries a code), and the token, refresh and userinfo calls.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

export const keepAliveAgent = (sockets) => new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

/** One request; resolves with { status, headers, body } whatever the status. */
export function send(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        agent,
        headers: { ...headers, ...(payload ? { 'Content-Length': payload.length } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${target.pathname} timed out`)));
    req.once('error', reject);
    req.end(payload);
  });
}

/** Cookies by name (paths ignored: each flow has a jar of its own). */
export class CookieJar {
  #cookies = new Map();

  constructor(initial = {}) {
    for (const [name, value] of Object.entries(initial)) this.#cookies.set(name, value);
  }

  store(setCookie) {
    for (const line of setCookie ?? []) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export const basicAuth = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** PKCE (RFC 7636, S256): a verifier and its challenge. */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * A real authorization code: GET the authorization endpoint with the session cookie in `jar` and
 * follow the redirects (Gatehouse's interaction finishes by itself for a signed-in user of a
 * first-party client) until one goes to `client.redirectUri`. Throws with the last answer when a
 * hop is not a redirect or the redirect carries an error.
 */
export async function obtainCode(agent, { issuer, authorizationEndpoint, client }, { jar, scope, prompt }) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.id,
    response_type: 'code',
    scope,
    redirect_uri: client.redirectUri,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(prompt ? { prompt } : {}),
  });
  let url = `${authorizationEndpoint}?${params}`;
  for (let hop = 0; hop < 10; hop++) {
    const res = await send(agent, url, { headers: { Cookie: jar.header(), Accept: 'text/html' } });
    jar.store(res.headers['set-cookie']);
    const location = res.headers.location;
    if (res.status < 300 || res.status > 399 || !location) {
      throw new Error(`authorization hop ${hop} (${new URL(url).pathname}) answered ${res.status} without a redirect: ${res.body.slice(0, 300)}`);
    }
    const next = new URL(location, url);
    if (`${next.origin}${next.pathname}` === client.redirectUri) {
      if (next.searchParams.get('state') !== state) throw new Error('the redirect to the client carries another state');
      const code = next.searchParams.get('code');
      if (!code) throw new Error(`the redirect to the client carries no code: ${next.search}`);
      return { code, verifier };
    }
    if (next.origin !== new URL(issuer).origin) throw new Error(`redirected away from the issuer: ${next.href}`);
    url = next.href;
  }
  throw new Error('more than 10 redirects before a code');
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

/** POST to the token endpoint with client_secret_basic; resolves with { status, json }. */
export async function tokenRequest(agent, { tokenEndpoint, client }, form) {
  const res = await send(agent, tokenEndpoint, {
    method: 'POST',
    headers: { ...FORM, Authorization: basicAuth(client.id, client.secret) },
    body: new URLSearchParams(form).toString(),
  });
  let json = null;
  try {
    json = JSON.parse(res.body);
  } catch {
    // not JSON: reported as an error by the caller
  }
  return { status: res.status, json, body: res.body };
}

export const exchangeCode = (agent, ctx, { code, verifier }) =>
  tokenRequest(agent, ctx, { grant_type: 'authorization_code', code, redirect_uri: ctx.client.redirectUri, code_verifier: verifier });

export const refreshGrant = (agent, ctx, refreshToken) => tokenRequest(agent, ctx, { grant_type: 'refresh_token', refresh_token: refreshToken });

export const userinfo = (agent, { userinfoEndpoint }, accessToken) =>
  send(agent, userinfoEndpoint, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
