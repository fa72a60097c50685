/** Google: its own OpenID Connect provider in next-auth; the subject is the ID token's `sub`. */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import GoogleProvider from 'next-auth/providers/google';
import type { ProviderConfig } from '../../signup/signup-config';
import { identityFromClaims } from '../identity/provider-profile';
import type { Claims, ProviderKind } from './provider-kind';

export const google: ProviderKind<Extract<ProviderConfig, { kind: 'google' }>> = {
  nextAuthProvider(config) {
    const base = GoogleProvider({ clientId: config.clientId, clientSecret: config.clientSecret }) as unknown as OAuthConfig<Claims>;
    return { ...base, name: config.name, checks: ['pkce', 'state', 'nonce'], profile: (p) => ({ id: String(p.sub), name: null, email: null, image: null }) };
  },
  userinfoIssuer: () => 'https://accounts.google.com',
  identity: (config, profile) => identityFromClaims(config.id, profile),
};
