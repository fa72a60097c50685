/** The setup card's types (setup-card.ts builds it, setup-snippets.ts fills its snippets). */
import type { TAuthMethod, TClientTemplate } from './types';

/** The provider's addresses: discovery at the issuer, the endpoints under /oidc/ (agreed for issue 15). */
export type OidcEndpoints = {
  issuer: string;
  discoveryUrl: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
  jwksUri: string;
  endSessionEndpoint: string;
  revocationEndpoint: string;
  introspectionEndpoint: string;
};

export type SetupCardValues = OidcEndpoints & {
  clientId: string;
  /** The secret in clear: only right after it was made; null otherwise (and always for a public client). */
  clientSecret: string | null;
  /** Allowed scopes, in Gatehouse's order (openid first). */
  scopes: string[];
  /** The same, space-separated. */
  scope: string;
  usePkce: boolean;
  /** 'S256' when PKCE is used (the only method Gatehouse accepts). */
  codeChallengeMethod: 'S256' | null;
  tokenEndpointAuthMethod: TAuthMethod;
  /** The redirect URI the app sends (the first registered), or null when none is registered yet. */
  redirectUri: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The claim the app takes the user name from. */
  usernameClaim: string;
  /** The claim with the user's group names, when the client may ask for the groups scope. */
  groupsClaim: string | null;
  /** Gatehouse's name in the app (allauth provider_id, Gitea source, Proxmox realm, Nextcloud identifier). */
  providerId: string;
};

export type SetupSnippet = {
  id: string;
  /** What it is and where it goes, e.g. "docker-compose.env of Paperless-ngx". */
  label: string;
  language: 'env' | 'json' | 'shell' | 'ini' | 'text';
  text: string;
};

export type SetupCard = {
  template: TClientTemplate;
  title: string;
  /** The app's own documentation of these settings. */
  docsUrl: string;
  steps: string[];
  values: SetupCardValues;
  snippets: SetupSnippet[];
  /** Whether the secret is in this card (right after creating or rotating). */
  secretShown: boolean;
};
