/**
 * An OidcClient row ↔ a client as the admin pages see it. The secret's hash is never selected
 * here: what reads a client for a page cannot hand the hash to the browser by mistake.
 */
import { isOidcScope, type OidcScope } from '../scopes';
import type { TAuthMethod, TClientInput, TClientTemplate, TClientType, TIdTokenAlg, TOidcClient } from './types';

/** The columns a page may read (everything but secretHash). */
export const CLIENT_COLUMNS = {
  id: true,
  applicationId: true,
  name: true,
  template: true,
  type: true,
  secretCreatedAt: true,
  tokenEndpointAuthMethod: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  backchannelLogoutUri: true,
  requirePkce: true,
  scopes: true,
  idTokenAlg: true,
  claimsInIdToken: true,
  firstParty: true,
  accessTokenTtl: true,
  idTokenTtl: true,
  refreshTokenTtl: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = {
  id: string;
  applicationId: string;
  name: string;
  template: string;
  type: string;
  secretCreatedAt: Date | null;
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
  createdAt: Date;
  updatedAt: Date;
};

function stringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

export function rowToClient(row: Row): TOidcClient {
  return {
    ...row,
    template: row.template as TClientTemplate,
    type: row.type as TClientType,
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod as TAuthMethod,
    redirectUris: stringList(row.redirectUris),
    postLogoutRedirectUris: stringList(row.postLogoutRedirectUris),
    scopes: stringList(row.scopes).filter(isOidcScope) as OidcScope[],
    idTokenAlg: row.idTokenAlg as TIdTokenAlg,
    hasSecret: row.type === 'confidential' && row.secretCreatedAt !== null,
  };
}

/** The columns a canonical input writes (not the secret: create and rotate write that). */
export function clientToColumns(input: TClientInput) {
  return {
    name: input.name,
    template: input.template,
    type: input.type,
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
    redirectUris: JSON.stringify(input.redirectUris),
    postLogoutRedirectUris: JSON.stringify(input.postLogoutRedirectUris),
    backchannelLogoutUri: input.backchannelLogoutUri,
    requirePkce: input.type === 'public' ? true : input.requirePkce,
    scopes: JSON.stringify(input.scopes),
    idTokenAlg: input.idTokenAlg,
    claimsInIdToken: input.claimsInIdToken,
    firstParty: input.firstParty,
    accessTokenTtl: input.accessTokenTtl,
    idTokenTtl: input.idTokenTtl,
    refreshTokenTtl: input.refreshTokenTtl,
  };
}

/** What an audit event says about a client: never its secret nor the secret's hash. */
export function clientAuditData(input: TClientInput) {
  return {
    template: input.template,
    clientType: input.type,
    auth: input.tokenEndpointAuthMethod,
    redirects: input.redirectUris.join(' '),
    scopes: input.scopes.join(' '),
    pkce: input.requirePkce,
    firstParty: input.firstParty,
  };
}
