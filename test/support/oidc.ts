/**
 * OpenID Connect test support: applications and clients written straight into the database (as
 * the admin console will), a tiny browser (cookie jar, manual redirects) that walks an
 * authorization request through Gatehouse with a session cookie, and openid-client set up as the
 * relying party against the built server.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { sha256Hex } from '../../lib/crypto';
import type { Db } from '../../lib/db';

export const SESSION_COOKIE = 'gatehouse_session';

export async function seedOidcApplication(db: Db, input: { subjects?: string[]; level?: 'one_factor' | 'two_factor'; name?: string } = {}): Promise<string> {
  const slug = `app-${randomBytes(4).toString('hex')}`;
  const position = await db.application.count();
  const row = await db.application.create({
    data: {
      slug,
      name: input.name ?? slug,
      urls: JSON.stringify([`https://${slug}.example.test`]),
      upstream: 'http://127.0.0.1:9',
      subjects: JSON.stringify(input.subjects ?? []),
      level: input.level ?? 'one_factor',
      position,
    },
    select: { id: true },
  });
  return row.id;
}

export type SeededClient = { clientId: string; secret: string | null; redirectUri: string };

export async function seedOidcClient(
  db: Db,
  input: {
    applicationId: string;
    type?: 'confidential' | 'public';
    tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
    redirectUris: string[];
    postLogoutRedirectUris?: string[];
    backchannelLogoutUri?: string;
    requirePkce?: boolean;
    scopes?: string[];
    idTokenAlg?: 'RS256' | 'ES256';
    claimsInIdToken?: boolean;
    firstParty?: boolean;
    accessTokenTtl?: number;
    refreshTokenTtl?: number;
  },
): Promise<SeededClient> {
  const type = input.type ?? 'confidential';
  const clientId = `c-${randomBytes(8).toString('base64url')}`;
  const secret = type === 'confidential' ? randomBytes(32).toString('base64url') : null;
  await db.oidcClient.create({
    data: {
      id: clientId,
      applicationId: input.applicationId,
      name: `Client ${clientId}`,
      type,
      secretHash: secret ? sha256Hex(secret) : null,
      secretCreatedAt: secret ? new Date() : null,
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? (type === 'public' ? 'none' : 'client_secret_basic'),
      redirectUris: JSON.stringify(input.redirectUris),
      postLogoutRedirectUris: JSON.stringify(input.postLogoutRedirectUris ?? []),
      backchannelLogoutUri: input.backchannelLogoutUri ?? null,
      requirePkce: input.requirePkce ?? true,
      scopes: JSON.stringify(input.scopes ?? ['openid', 'profile', 'email', 'groups', 'offline_access']),
      idTokenAlg: input.idTokenAlg ?? 'RS256',
      claimsInIdToken: input.claimsInIdToken ?? true,
      firstParty: input.firstParty ?? true,
      ...(input.accessTokenTtl ? { accessTokenTtl: input.accessTokenTtl } : {}),
      ...(input.refreshTokenTtl ? { refreshTokenTtl: input.refreshTokenTtl } : {}),
    },
  });
  return { clientId, secret, redirectUri: input.redirectUris[0]! };
}

/** A browser as far as redirects and cookies go (paths ignored: one flow at a time). */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(sessionToken?: string) {
    if (sessionToken) this.cookies.set(SESSION_COOKIE, sessionToken);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `url` until one leaves the portal (the client's redirect URI: returned,
   * not fetched) or a page answers (returned with its status and the URL it stopped at).
   */
  async follow(
    url: string,
    origin: string,
  ): Promise<{ location: string; stoppedAt?: undefined } | { location?: undefined; stoppedAt: string; status: number; body: string }> {
    let current = url;
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, current).href;
        if (!next.startsWith(`${origin}/`)) return { location: next };
        current = next;
        continue;
      }
      const body = await response.text();
      // The library's self-submitting form (a browser posts it at once, by script).
      const form = /<title>Submitting Callback<\/title>[\s\S]*<form method="post" action="([^"]+)">/.exec(body);
      if (response.status === 200 && form) {
        const fields = [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map(([, name, value]) => [name!, value!]);
        const posted = await this.request(new URL(form[1]!.replaceAll('&#x2F;', '/').replaceAll('&#47;', '/'), current).href, {
          method: 'POST',
          body: new URLSearchParams(fields).toString(),
          headers: { origin },
        });
        const next = posted.headers.get('location');
        if (!next) return { stoppedAt: form[1]!, status: posted.status, body: await posted.text() };
        current = new URL(next, current).href;
        if (!current.startsWith(`${origin}/`)) return { location: current };
        continue;
      }
      return { stoppedAt: current, status: response.status, body };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** Where a "continuing" page (the consent form's answer) sends the browser. */
export function continueTarget(body: string): string {
  const match = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(body);
  if (!match) throw new Error(`not a continuing page: ${body.slice(0, 200)}`);
  return match[1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** openid-client's configuration for a seeded client against the server at `issuer` (plain http on loopback). */
export async function relyingParty(issuer: string, client: SeededClient, auth: 'basic' | 'post' | 'none' = 'basic', alg?: string): Promise<oidc.Configuration> {
  const authentication =
    client.secret === null || auth === 'none' ? oidc.None() : auth === 'post' ? oidc.ClientSecretPost(client.secret) : oidc.ClientSecretBasic(client.secret);
  return oidc.discovery(new URL(issuer), client.clientId, alg ? { id_token_signed_response_alg: alg } : undefined, authentication, {
    execute: [oidc.allowInsecureRequests],
  });
}

export type AuthorizationStart = { url: URL; verifier: string; state: string; nonce: string };

export async function startAuthorization(config: oidc.Configuration, client: SeededClient, extra: Record<string, string> = {}): Promise<AuthorizationStart> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: client.redirectUri,
    scope: 'openid profile email groups offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'consent',
    ...extra,
  };
  // An empty value leaves the parameter out.
  for (const [key, value] of Object.entries(params)) if (value === '') delete params[key];
  return { url: oidc.buildAuthorizationUrl(config, params), verifier, state, nonce };
}

/** Signs in through the whole code flow with a Gatehouse session cookie; returns the tokens. */
export async function signInWithOidc(
  issuer: string,
  config: oidc.Configuration,
  client: SeededClient,
  browser: Browser,
  extra: Record<string, string> = {},
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const start = await startAuthorization(config, client, extra);
  const result = await browser.follow(start.url.href, issuer);
  if (result.stoppedAt !== undefined) throw new Error(`the flow stopped at ${result.stoppedAt} (${result.status}): ${result.body.slice(0, 2000)}`);
  return oidc.authorizationCodeGrant(config, new URL(result.location), {
    pkceCodeVerifier: start.verifier,
    expectedState: start.state,
    expectedNonce: start.nonce,
  });
}

/** The build's id of the sign-in form's server action (from the manifest `next build` writes). */
export function signInActionId(): string {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, a]) => a.exportedName === 'signInAction' && a.filename === 'app/(auth)/sign-in/actions.ts');
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} signInAction actions`);
  return ids[0]![0];
}

/**
 * Signs in with the real password form (the server action, posted as React's client posts it)
 * with `rd`, as a browser sent to /sign-in?rd=… does; the session cookie lands in the browser's
 * jar. Returns where the form sends the browser next (Next's x-action-redirect).
 */
export async function signInWithPasswordForm(browser: Browser, origin: string, input: { login: string; password: string; rd: string }): Promise<string> {
  const form = new FormData();
  form.append('_1_rd', input.rd);
  form.append('_1_login', input.login);
  form.append('_1_password', input.password);
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const response = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    headers: { 'Next-Action': signInActionId(), Origin: origin, Accept: 'text/x-component', cookie: browser.cookieHeader() },
    body: form,
    redirect: 'manual',
  });
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    if (pair.slice(eq + 1)) browser.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const next = response.headers.get('x-action-redirect');
  if (!next) throw new Error(`the sign-in form did not redirect (${response.status}): ${(await response.text()).slice(0, 300)}`);
  return next.split(';')[0]!;
}
