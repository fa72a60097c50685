/**
 * What one kind of sign-in provider (GitHub, Google, any OpenID Connect provider) tells
 * Gatehouse: how next-auth does its handshake, where a missing email can be asked for, and how
 * its profile becomes an identity. One file per kind beside this one, listed in registry.ts.
 */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { ProviderConfig } from '../../signup/signup-config';
import type { ProviderIdentity } from '../identity/provider-profile';

export type Claims = Record<string, unknown>;

export type ProviderKind<C extends ProviderConfig> = {
  /** next-auth's provider for this configuration: it does the handshake and nothing else. */
  nextAuthProvider(config: C): OAuthConfig<Claims>;
  /** The OpenID Connect issuer whose userinfo endpoint may supply an email the ID token left out; null: none. */
  userinfoIssuer(config: C): string | null;
  /** The identity in the profile next-auth hands over, or null when it does not say who. */
  identity(config: C, profile: Claims): ProviderIdentity | null;
};
