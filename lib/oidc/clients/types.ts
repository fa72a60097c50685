/**
 * OpenID Connect clients as an admin manages them: attached to an application, made from a
 * template (lib/oidc/clients/templates.ts), with exact redirect URIs. The client_id is the row's
 * id; the secret exists only as its SHA-256 (never in these types: nothing that reads a client can
 * leak it). Nothing here touches the database or Next.
 */
import type { OidcScope } from '../scopes';

export const CLIENT_TEMPLATES = ['generic', 'paperless', 'swift-paperless', 'nextcloud', 'gitea', 'forgejo', 'proxmox', 'portainer', 'grafana'] as const;
export type TClientTemplate = (typeof CLIENT_TEMPLATES)[number];

export const CLIENT_TYPES = ['confidential', 'public'] as const;
export type TClientType = (typeof CLIENT_TYPES)[number];

export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type TAuthMethod = (typeof AUTH_METHODS)[number];

export const ID_TOKEN_ALGS = ['RS256', 'ES256'] as const;
export type TIdTokenAlg = (typeof ID_TOKEN_ALGS)[number];

/** Lifetimes in seconds: [min, max, default]. */
export const LIFETIMES = {
  accessTokenTtl: [60, 86_400, 3600],
  idTokenTtl: [60, 86_400, 3600],
  refreshTokenTtl: [3600, 31_536_000, 2_592_000],
} as const;
export type TLifetimeField = keyof typeof LIFETIMES;

/** What an admin edits (after validation: every value canonical). */
export type TClientInput = {
  name: string;
  template: TClientTemplate;
  type: TClientType;
  tokenEndpointAuthMethod: TAuthMethod;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  requirePkce: boolean;
  scopes: OidcScope[];
  idTokenAlg: TIdTokenAlg;
  claimsInIdToken: boolean;
  firstParty: boolean;
  accessTokenTtl: number;
  idTokenTtl: number;
  refreshTokenTtl: number;
};

/** A stored client as the admin pages show it: never its secret nor the secret's hash. */
export type TOidcClient = TClientInput & {
  id: string;
  applicationId: string;
  hasSecret: boolean;
  secretCreatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** What creating or rotating answers: the secret, in clear, this once. */
export type TIssuedSecret = { clientId: string; secret: string };
