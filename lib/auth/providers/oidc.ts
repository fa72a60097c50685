/** Any OpenID Connect provider, found by its issuer's discovery document; a public client when it has no secret. */
import type { ProviderConfig } from '../../signup/signup-config';
import { identityFromClaims } from '../identity/provider-profile';
import type { ProviderKind } from './provider-kind';

export const oidc: ProviderKind<Extract<ProviderConfig, { kind: 'oidc' }>> = {
  nextAuthProvider: (config) => ({
    id: config.id,
    name: config.name,
    type: 'oauth',
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret ?? undefined,
    client: config.clientSecret ? undefined : { token_endpoint_auth_method: 'none' },
    authorization: { params: { scope: config.scopes.join(' ') } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    profile: (p) => ({ id: String(p.sub), name: null, email: null, image: null }),
  }),
  userinfoIssuer: (config) => config.issuer,
  identity: (config, profile) => identityFromClaims(config.id, profile),
};
