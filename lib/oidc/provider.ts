/**
 * The OpenID Connect provider: oidc-provider (OpenID Certified) configured for Gatehouse
 * (every option: https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md, and
 * node_modules/oidc-provider/lib/helpers/defaults.js). Built by lib/oidc/provider-instance.ts for
 * the current issuer and signing keys; answers /.well-known/openid-configuration and /oidc/*
 * inside the custom server (lib/server/oidc-routes.ts).
 *
 * - Authorization code flow only (response_type `code`), PKCE with S256 (the only method the
 *   library implements) required for public clients and for confidential ones that keep
 *   "require PKCE"; `request`/`request_uri` are not supported (request_not_supported /
 *   request_uri_not_supported, OpenID Connect Core §6.3), nor PAR, dynamic registration or the
 *   device flow.
 * - Client authentication: client_secret_basic, client_secret_post, none (public clients), each in
 *   discovery; the secret's hash compared, regulated (lib/oidc/client-auth.ts).
 * - ID tokens signed RS256 (default) or ES256 per client; `none` is never enabled.
 * - Refresh tokens only with offline_access, rotated on every use; a reused one revokes its grant.
 * - Lifetimes per client (OidcClient.*Ttl); a grant lives as long as the client's refresh tokens.
 * - Cookies named gatehouse_oidc*, signed with a key derived from the instance secret (HKDF),
 *   Secure when the issuer is https.
 */
import { hkdfSync } from 'node:crypto';
import type { ClientInstance, KoaContextWithOIDC, Provider, RefreshTokenLike } from 'oidc-provider';
import { oidcLibrary } from './oidc-library';
import type { SigningJwk } from './signing-keys';
import { createFindAccount } from './account';
import { createPrismaAdapter } from './adapter';
import { processClientCache } from './client-cache';
import { installClientAuth } from './client-auth';
import type { ProviderDeps } from './provider-deps';
import { clientSettings, EXTRA_CLIENT_METADATA, grantTtlOf } from './client-metadata';
import { auditRefusal, installProviderEvents } from './provider-events';
import { extraParams } from './param-limits';
import { gatehousePolicy } from './policy';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages';
import { OIDC_ACR_VALUES, OIDC_SCOPE_CLAIMS, OIDC_SCOPES } from './scopes';

export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  end_session: '/oidc/session/end',
} as const;

export const INTERACTION_PREFIX = '/oidc/interaction/';

export const OIDC_COOKIE_NAMES = { session: 'gatehouse_oidc', interaction: 'gatehouse_oidc_interaction', resume: 'gatehouse_oidc_resume' } as const;

/** The key the provider signs its cookies with: derived from the instance's signing secret, never the secret itself. */
export function cookieKey(signingKey: Buffer): string {
  return Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), 'gatehouse oidc-provider cookie keys v1', 32)).toString('base64url');
}

const settingsOf = (client: ClientInstance | undefined) => clientSettings(client ?? {});

/** Public clients and confidential ones with "require PKCE" must send a code_challenge. */
export function pkceRequired(_ctx: KoaContextWithOIDC, client: ClientInstance): boolean {
  return client.clientAuthMethod === 'none' || settingsOf(client).requirePkce;
}

/** CORS for browser-based public clients (and userinfo) from their redirect URIs' origins only; the library's default rule. */
export function clientBasedCORS(ctx: KoaContextWithOIDC, origin: string, client: ClientInstance): boolean {
  if (origin === 'null') return false;
  if (ctx.oidc.route === 'userinfo' || client.clientAuthMethod === 'none') return client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin);
  return false;
}

/**
 * The provider's only outgoing requests are back-channel logouts to URIs an admin registered
 * (client registration, request_uri, jwks_uri and sector identifiers are all off). Its default
 * fetch refuses private and loopback addresses (SSRF protection, lib/helpers/fetch_request.js),
 * which is where a homelab's apps live, so the refusing dispatcher is dropped; the 2.5 s timeout stays.
 */
export function adminRegisteredFetch(url: string | URL, options: RequestInit & { dispatcher?: unknown }): Promise<Response> {
  const { dispatcher: _ssrfGuard, ...rest } = options;
  return globalThis.fetch(url, rest);
}

export function buildProvider(issuer: string, jwks: { keys: SigningJwk[] }, deps: ProviderDeps): Provider {
  const secure = issuer.startsWith('https:');
  const env = deps.env();
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure };
  const provider = new (oidcLibrary().Provider)(issuer, {
    adapter: createPrismaAdapter({ db: deps.db, store: deps.store, clients: processClientCache(), meta: deps.meta }),
    clients: [],
    findAccount: createFindAccount({ db: deps.db, store: deps.store, env: deps.env }),
    jwks,
    routes: OIDC_ROUTES,
    scopes: [...OIDC_SCOPES],
    // acr, amr and auth_time in every ID token (the library adds standalone claims only when asked for).
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      ...OIDC_SCOPE_CLAIMS,
      openid: [...OIDC_SCOPE_CLAIMS.openid, 'acr', 'amr', 'auth_time'],
    },
    acrValues: [...OIDC_ACR_VALUES],
    // Scope claims go in the ID token too; findAccount leaves them out for clients that want them at userinfo only.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
    extraClientMetadata: { properties: [...EXTRA_CLIENT_METADATA] },
    pkce: { required: pkceRequired },
    allowOmittingSingleRegisteredRedirectUri: false,
    extraParams,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: ClientInstance, code: RefreshTokenLike) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: {
      AccessToken: (_ctx: KoaContextWithOIDC, _token: unknown, client: ClientInstance) => settingsOf(client).accessTokenTtl,
      IdToken: (_ctx: KoaContextWithOIDC, _token: unknown, client: ClientInstance) => settingsOf(client).idTokenTtl,
      RefreshToken: (_ctx: KoaContextWithOIDC, _token: unknown, client: ClientInstance) => settingsOf(client).refreshTokenTtl,
      AuthorizationCode: 60,
      // Long enough to sign in with an emailed link or set up a second factor on the way.
      Interaction: 1800,
      // The interaction sets each grant's own lifetime (grantTtlOf its client); this is the fallback.
      Grant: (_ctx: unknown, _grant: unknown, client: ClientInstance | undefined) => grantTtlOf(settingsOf(client)),
      Session: Math.max(60, Math.floor(env.session.maxAgeMs / 1000)),
    },
    cookies: { names: OIDC_COOKIE_NAMES, long: cookieOptions, short: cookieOptions, keys: [cookieKey(env.secrets.signingKey)] },
    clientBasedCORS,
    renderError,
    fetch: adminRegisteredFetch,
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `${INTERACTION_PREFIX}${interaction.uid}`,
      policy: gatehousePolicy((ctx, reason) => auditRefusal(ctx, reason, deps)),
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      requestObjects: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      claimsParameter: { enabled: false },
      registration: { enabled: false },
      deviceFlow: { enabled: false },
      clientCredentials: { enabled: false },
    },
  });
  // Endpoint URLs come from X-Forwarded-Proto/Host, which lib/server/oidc-routes.ts sets from the issuer (never the client's).
  provider.proxy = true;
  installClientAuth(provider, { db: deps.db, store: deps.store, policy: () => deps.env().regulation, meta: deps.meta });
  installProviderEvents(provider, deps);
  return provider;
}
