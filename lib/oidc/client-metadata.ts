/**
 * An OidcClient row as oidc-provider's client metadata
 * (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#clients, OpenID Connect
 * Dynamic Client Registration §2). Gatehouse's own settings travel as extra metadata
 * (`extraClientMetadata.properties`, lib/oidc/provider.ts) and are read back with `clientSettings`.
 *
 * - `client_secret` is the SHA-256 of the secret: the provider compares the hash of what a client
 *   presents with it (lib/oidc/client-auth.ts), so a database dump does not reveal the secret.
 * - A public client whose redirect URIs use a custom scheme or a loopback address is a native
 *   application (RFC 8252 §7.1, §7.3): the library then accepts a loopback redirect on any port.
 * - A JSON column that does not parse is an empty list (fail closed: no redirect is allowed).
 */
import { readStringList } from '../text/string-list';
import { CLIENT_COLUMNS } from './clients/client-codec';
import { isOidcScope } from './scopes';

/** What the provider reads of a client: the columns the admin pages read, and the secret's hash. */
export const CLIENT_METADATA_SELECT = { ...CLIENT_COLUMNS, secretHash: true } as const;

export type OidcClientRow = {
  id: string;
  applicationId: string;
  name: string;
  type: string;
  secretHash: string | null;
  tokenEndpointAuthMethod: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string | null;
  requirePkce: boolean;
  scopes: string;
  idTokenAlg: string;
  claimsInIdToken: boolean;
  firstParty: boolean;
  accessTokenTtl: number;
  idTokenTtl: number;
  refreshTokenTtl: number;
};

/** Gatehouse's extra client metadata (names as the library stores them). */
export const EXTRA_CLIENT_METADATA = [
  'gatehouse_application_id',
  'gatehouse_require_pkce',
  'gatehouse_claims_in_id_token',
  'gatehouse_first_party',
  'gatehouse_access_token_ttl',
  'gatehouse_id_token_ttl',
  'gatehouse_refresh_token_ttl',
] as const;

export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export const ID_TOKEN_ALGS = ['RS256', 'ES256'] as const;

const stringList = readStringList;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A redirect URI only an app on the device itself receives: a custom scheme, or http on loopback. */
export function isNativeRedirect(uri: string): boolean {
  const parsed = URL.parse(uri);
  if (!parsed) return false;
  if (parsed.protocol === 'http:') return LOOPBACK_HOSTS.has(parsed.hostname);
  return parsed.protocol !== 'https:';
}

export function applicationTypeOf(row: Pick<OidcClientRow, 'type' | 'redirectUris'>): 'native' | 'web' {
  const uris = stringList(row.redirectUris);
  // A phone app may register its app scheme next to the https callback of its server (Swift
  // Paperless); oidc-provider accepts https (claimed) redirects for native clients, so one native
  // redirect with the rest https makes the client native.
  const native = uris.some(isNativeRedirect) && uris.every((uri) => isNativeRedirect(uri) || URL.parse(uri)?.protocol === 'https:');
  return row.type === 'public' && native ? 'native' : 'web';
}

export function clientMetadata(row: OidcClientRow): Record<string, unknown> {
  const isPublic = row.type !== 'confidential';
  const scopes = stringList(row.scopes).filter(isOidcScope);
  const authMethod = isPublic
    ? 'none'
    : (AUTH_METHODS as readonly string[]).includes(row.tokenEndpointAuthMethod)
      ? row.tokenEndpointAuthMethod
      : 'client_secret_basic';
  const alg = (ID_TOKEN_ALGS as readonly string[]).includes(row.idTokenAlg) ? row.idTokenAlg : 'RS256';
  const metadata: Record<string, unknown> = {
    client_id: row.id,
    client_name: row.name,
    application_type: applicationTypeOf(row),
    token_endpoint_auth_method: authMethod,
    redirect_uris: stringList(row.redirectUris),
    post_logout_redirect_uris: stringList(row.postLogoutRedirectUris),
    grant_types: scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    scope: scopes.join(' '),
    id_token_signed_response_alg: alg,
    gatehouse_application_id: row.applicationId,
    gatehouse_require_pkce: isPublic || row.requirePkce,
    gatehouse_claims_in_id_token: row.claimsInIdToken,
    gatehouse_first_party: row.firstParty,
    gatehouse_access_token_ttl: row.accessTokenTtl,
    gatehouse_id_token_ttl: row.idTokenTtl,
    gatehouse_refresh_token_ttl: row.refreshTokenTtl,
  };
  // A confidential client without a secret hash can never authenticate: a random unmatchable value.
  if (!isPublic) metadata.client_secret = row.secretHash ?? `unset:${row.id}`;
  if (row.backchannelLogoutUri) {
    metadata.backchannel_logout_uri = row.backchannelLogoutUri;
    metadata.backchannel_logout_session_required = true;
  }
  return metadata;
}

export type ClientSettings = {
  applicationId: string;
  requirePkce: boolean;
  claimsInIdToken: boolean;
  firstParty: boolean;
  accessTokenTtl: number;
  idTokenTtl: number;
  refreshTokenTtl: number;
};

const positive = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback);

/** Gatehouse's settings back from a library client (its properties are camelCased metadata). */
export function clientSettings(client: Record<string, unknown>): ClientSettings {
  return {
    applicationId: typeof client.gatehouse_application_id === 'string' ? client.gatehouse_application_id : '',
    requirePkce: client.gatehouse_require_pkce !== false,
    claimsInIdToken: client.gatehouse_claims_in_id_token === true,
    firstParty: client.gatehouse_first_party === true,
    accessTokenTtl: positive(client.gatehouse_access_token_ttl, 3600),
    idTokenTtl: positive(client.gatehouse_id_token_ttl, 3600),
    refreshTokenTtl: positive(client.gatehouse_refresh_token_ttl, 2_592_000),
  };
}

/** A grant lives as long as the longest token issued under it. */
export function grantTtlOf(settings: Pick<ClientSettings, 'accessTokenTtl' | 'refreshTokenTtl'>): number {
  return Math.max(settings.accessTokenTtl, settings.refreshTokenTtl);
}
