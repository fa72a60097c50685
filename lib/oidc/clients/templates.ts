/**
 * What a new client starts from, per app: its type, how it authenticates at the token endpoint,
 * PKCE, the redirect URIs derived from the application's address, the scopes and where the claims
 * go. Every quirk comes from the app's own documentation, cited above its entry; setup-card.ts
 * turns a client into the exact settings to paste. Nothing server-only here.
 */
import type { OidcScope } from '../scopes';
import type { TAuthMethod, TClientInput, TClientTemplate, TClientType } from './types';
import { LIFETIMES } from './types';

/** The name Gatehouse goes by in each app: allauth's provider_id, Gitea's source name, Proxmox's realm, Nextcloud's identifier. */
export const PROVIDER_ID = 'gatehouse';

export type TTemplateInfo = {
  id: TClientTemplate;
  label: string;
  summary: string;
  /** The app's own documentation of its OpenID Connect settings. */
  docsUrl: string;
  type: TClientType;
  tokenEndpointAuthMethod: TAuthMethod;
  requirePkce: boolean;
  scopes: OidcScope[];
  /** The claim the app takes the user name from (what a relying party test reads). */
  usernameClaim: string;
  /** Redirect URIs from the application's first address (a canonical origin, no trailing slash), or none. */
  redirectUris: (origin: string | null) => string[];
  postLogoutRedirectUris: (origin: string | null) => string[];
};

const PROFILE: OidcScope[] = ['openid', 'profile', 'email', 'groups'];
const at = (origin: string | null, path: string) => (origin ? [`${origin}${path}`] : []);

// Gitea: `gitea admin auth add-oauth --name --provider=openidConnect --key --secret --auto-discover-url
// --scopes --group-claim-name` (https://docs.gitea.com/administration/command-line#admin); the callback
// `<gitea>/user/oauth2/<name>/callback`. Gitea's OpenID Connect login source sends no PKCE.
const GITEA: TTemplateInfo = {
  id: 'gitea',
  label: 'Gitea',
  summary: 'Gitea as an OpenID Connect login source (no PKCE).',
  docsUrl: 'https://docs.gitea.com/administration/command-line#admin',
  type: 'confidential',
  tokenEndpointAuthMethod: 'client_secret_basic',
  requirePkce: false,
  scopes: PROFILE,
  usernameClaim: 'preferred_username',
  redirectUris: (origin) => at(origin, `/user/oauth2/${PROVIDER_ID}/callback`),
  postLogoutRedirectUris: (origin) => at(origin, '/'),
};

export const CLIENT_TEMPLATE_INFO: Record<TClientTemplate, TTemplateInfo> = {
  // A relying party that reads discovery; nothing assumed about its callback.
  generic: {
    id: 'generic',
    label: 'Another application',
    summary: 'Any app that speaks OpenID Connect: enter its redirect URI.',
    docsUrl: 'https://openid.net/specs/openid-connect-core-1_0.html',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_basic',
    requirePkce: true,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: () => [],
    postLogoutRedirectUris: () => [],
  },
  // Paperless-ngx signs in through django-allauth's `openid_connect` provider:
  // https://docs.paperless-ngx.com/advanced_usage/#openid-connect-and-social-authentication (PAPERLESS_APPS,
  // PAPERLESS_SOCIALACCOUNT_PROVIDERS); the callback `/accounts/oidc/<provider_id>/login/callback/`, the
  // `OAUTH_PKCE_ENABLED` key and `settings.server_url` as in https://docs.goauthentik.io/integrations/services/paperless-ngx/
  // and https://docs.allauth.org/en/latest/socialaccount/providers/openid_connect.html (`token_auth_method`
  // picks client_secret_basic). The paperless-ngx page itself could not be fetched here: checked through those two.
  paperless: {
    id: 'paperless',
    label: 'Paperless-ngx',
    summary: 'The Paperless-ngx web app (django-allauth), with PKCE.',
    docsUrl: 'https://docs.paperless-ngx.com/advanced_usage/#openid-connect-and-social-authentication',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_basic',
    requirePkce: true,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => at(origin, `/accounts/oidc/${PROVIDER_ID}/login/callback/`),
    postLogoutRedirectUris: (origin) => at(origin, '/'),
  },
  // Swift Paperless signs in with the OIDC provider configured on the Paperless-ngx server, as a public
  // client with PKCE and no secret, returning to `x-paperless://oidc-callback`:
  // https://github.com/paulgessinger/swift-paperless (docs: "OpenID Connect (OIDC) Login", a beta feature).
  // The Paperless web sign-in then uses the same public client, so its callback is registered too.
  'swift-paperless': {
    id: 'swift-paperless',
    label: 'Swift Paperless (iPhone, iPad)',
    summary: 'The Swift Paperless app, through your Paperless-ngx server: a public client with PKCE.',
    docsUrl: 'https://github.com/paulgessinger/swift-paperless',
    type: 'public',
    tokenEndpointAuthMethod: 'none',
    requirePkce: true,
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => ['x-paperless://oidc-callback', ...at(origin, `/accounts/oidc/${PROVIDER_ID}/login/callback/`)],
    postLogoutRedirectUris: () => [],
  },
  // Nextcloud's user_oidc app: `occ user_oidc:provider <identifier> --clientid --clientsecret --discoveryuri
  // --scope --unique-uid --mapping-uid --mapping-display-name` (lib/Command/UpsertProvider.php) and the
  // redirect `<nextcloud>/apps/user_oidc/code`: https://github.com/nextcloud/user_oidc (README, "General usage").
  // Its code exchange (lib/Controller/LoginController.php, code()) sends the secret in the body when discovery
  // lists client_secret_post (Gatehouse's does), sends PKCE S256 when discovery lists it (`use_pkce` defaults
  // to true), and builds the redirect with linkToRouteAbsolute: `/index.php/apps/user_oidc/code` without pretty URLs.
  nextcloud: {
    id: 'nextcloud',
    label: 'Nextcloud (user_oidc)',
    summary: 'Nextcloud with the “OpenID Connect user backend” app (user_oidc).',
    docsUrl: 'https://github.com/nextcloud/user_oidc',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_post',
    requirePkce: true,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => at(origin, '/apps/user_oidc/code'),
    postLogoutRedirectUris: (origin) => at(origin, '/'),
  },
  gitea: GITEA,
  // Forgejo keeps Gitea's command (`forgejo admin auth add-oauth`, same flags) and callback:
  // https://forgejo.org/docs/latest/admin/command-line/#admin-auth-add-oauth. Its docs do not say it sends
  // PKCE, so it is not required by default (turn it on if your version sends it).
  forgejo: {
    ...GITEA,
    id: 'forgejo',
    label: 'Forgejo',
    summary: 'Forgejo as an OpenID Connect login source.',
    docsUrl: 'https://forgejo.org/docs/latest/admin/command-line/#admin-auth-add-oauth',
  },
  // Proxmox VE: an `openid` realm (`pveum realm add <realm> --type openid --issuer-url --client-id
  // --client-key --username-claim --autocreate --groups-claim --scopes`); `username-claim` is `subject`,
  // `username` (preferred_username) or `email` and cannot be changed after the realm is created:
  // https://pve.proxmox.com/pve-docs/chapter-pveum.html#pveum_openid. Proxmox sends the page's origin, with
  // its port and no path, as redirect_uri (e.g. https://pve.example.com:8006).
  proxmox: {
    id: 'proxmox',
    label: 'Proxmox VE',
    summary: 'A Proxmox VE “OpenID Connect” realm.',
    docsUrl: 'https://pve.proxmox.com/pve-docs/chapter-pveum.html#pveum_openid',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_basic',
    requirePkce: true,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => (origin ? [origin] : []),
    postLogoutRedirectUris: () => [],
  },
  // Portainer's custom OAuth provider reads no discovery: Client ID, Client secret, Authorization URL,
  // Access token URL, Resource URL (userinfo), Redirect URL (Portainer's own address), Logout URL, User
  // identifier, Scopes: https://docs.portainer.io/admin/settings/authentication/oauth. It sends the
  // secret in the request body (client_secret_post) and no PKCE.
  portainer: {
    id: 'portainer',
    label: 'Portainer',
    summary: 'Portainer’s custom OAuth provider (every address entered by hand).',
    docsUrl: 'https://docs.portainer.io/admin/settings/authentication/oauth',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_post',
    requirePkce: false,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => (origin ? [origin] : []),
    postLogoutRedirectUris: () => [],
  },
  // Grafana's `[auth.generic_oauth]`: client_id, client_secret, scopes, auth_url, token_url, api_url
  // (userinfo), use_pkce, login_attribute_path, groups_attribute_path; the callback `<grafana>/login/generic_oauth`:
  // https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/
  grafana: {
    id: 'grafana',
    label: 'Grafana',
    summary: 'Grafana’s generic OAuth, with PKCE.',
    docsUrl: 'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/',
    type: 'confidential',
    tokenEndpointAuthMethod: 'client_secret_basic',
    requirePkce: true,
    scopes: PROFILE,
    usernameClaim: 'preferred_username',
    redirectUris: (origin) => at(origin, '/login/generic_oauth'),
    postLogoutRedirectUris: (origin) => at(origin, '/login'),
  },
};

export function isClientTemplate(value: string): value is TClientTemplate {
  return Object.hasOwn(CLIENT_TEMPLATE_INFO, value);
}

/** A new client's settings from a template and its application (name and first address). */
export function templateDefaults(template: TClientTemplate, application: { name: string; origin: string | null }): TClientInput {
  const info = CLIENT_TEMPLATE_INFO[template];
  return {
    name: template === 'generic' ? application.name : `${application.name} — ${info.label}`.slice(0, 80),
    template,
    type: info.type,
    tokenEndpointAuthMethod: info.tokenEndpointAuthMethod,
    redirectUris: info.redirectUris(application.origin),
    postLogoutRedirectUris: info.postLogoutRedirectUris(application.origin),
    backchannelLogoutUri: null,
    requirePkce: info.requirePkce,
    scopes: [...info.scopes],
    idTokenAlg: 'RS256',
    // Authelia 4.39 moved these claims to userinfo only and broke clients that read the ID token: on by default.
    claimsInIdToken: true,
    firstParty: false,
    accessTokenTtl: LIFETIMES.accessTokenTtl[2],
    idTokenTtl: LIFETIMES.idTokenTtl[2],
    refreshTokenTtl: LIFETIMES.refreshTokenTtl[2],
  };
}
