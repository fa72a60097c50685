/**
 * The setup card of a client: the exact settings to paste into the app, filled in for this
 * instance (its issuer and endpoints, the client's id, redirect URIs and scopes), as values, ordered
 * steps and copy-paste snippets (setup-snippets.ts has each app's text). The secret appears only
 * when the caller passes it, that is right after the client was created or its secret replaced;
 * otherwise a placeholder stands in. Nothing server-only here: the page renders it, tests read it.
 */
import { CLIENT_TEMPLATE_INFO, PROVIDER_ID } from './templates';
import type { OidcEndpoints, SetupCard, SetupCardValues } from './setup-card-types';
import { snippetsFor } from './setup-snippets';
import type { TAuthMethod, TClientTemplate } from './types';

export type { OidcEndpoints, SetupCard, SetupCardValues, SetupSnippet } from './setup-card-types';

/** Stands where the secret goes when it is not being shown (it is shown once). */
export const SECRET_PLACEHOLDER = '<client secret>';

export function oidcEndpoints(issuer: string): OidcEndpoints {
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer: base,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    authorizationEndpoint: `${base}/oidc/auth`,
    tokenEndpoint: `${base}/oidc/token`,
    userinfoEndpoint: `${base}/oidc/me`,
    jwksUri: `${base}/oidc/jwks`,
    endSessionEndpoint: `${base}/oidc/session/end`,
    revocationEndpoint: `${base}/oidc/token/revocation`,
    introspectionEndpoint: `${base}/oidc/token/introspection`,
  };
}

export type SetupCardInput = {
  template: TClientTemplate;
  clientId: string;
  /** Pass it only right after creating or rotating. */
  clientSecret?: string | null;
  issuer: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  scopes: string[];
  tokenEndpointAuthMethod: TAuthMethod;
  requirePkce: boolean;
};

export function buildSetupCard(input: SetupCardInput): SetupCard {
  const info = CLIENT_TEMPLATE_INFO[input.template];
  const secret = input.tokenEndpointAuthMethod === 'none' ? null : (input.clientSecret ?? null);
  const values: SetupCardValues = {
    ...oidcEndpoints(input.issuer),
    clientId: input.clientId,
    clientSecret: secret,
    scopes: [...input.scopes],
    scope: input.scopes.join(' '),
    usePkce: input.requirePkce,
    codeChallengeMethod: input.requirePkce ? 'S256' : null,
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
    redirectUri: input.redirectUris[0] ?? null,
    redirectUris: [...input.redirectUris],
    postLogoutRedirectUris: [...(input.postLogoutRedirectUris ?? [])],
    usernameClaim: info.usernameClaim,
    groupsClaim: input.scopes.includes('groups') ? 'groups' : null,
    providerId: PROVIDER_ID,
  };
  const { steps, snippets } = snippetsFor(input.template, values, secret ?? SECRET_PLACEHOLDER);
  const secretStep =
    input.tokenEndpointAuthMethod === 'none'
      ? 'This is a public client: it has no secret and proves itself with PKCE.'
      : secret
        ? 'The secret is shown only now: copy it into the app before you leave this page.'
        : `The secret was shown once, when it was made; ${SECRET_PLACEHOLDER} stands in for it. Replace the secret on this page to get a new one.`;
  return {
    template: input.template,
    title: `Set up ${info.label}`,
    docsUrl: info.docsUrl,
    steps: [...steps, secretStep],
    values,
    snippets,
    secretShown: secret !== null,
  };
}
