/**
 * Every kind of sign-in provider, one file each. A new kind is its file and one line here (and
 * its variables in lib/signup/signup-config.ts): the type below refuses a kind without its entry.
 */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { ProviderConfig } from '../../signup/signup-config';
import type { ProviderIdentity } from '../identity/provider-profile';
import { github } from './github';
import { google } from './google';
import { oidc } from './oidc';
import type { Claims, ProviderKind } from './provider-kind';

const KINDS: { [K in ProviderConfig['kind']]: ProviderKind<Extract<ProviderConfig, { kind: K }>> } = {
  github,
  google,
  oidc,
};

/** The entry for a configuration's kind (each entry is only ever called with configurations of its own kind). */
function kindOf(config: ProviderConfig): ProviderKind<ProviderConfig> {
  return KINDS[config.kind];
}

export function nextAuthProviders(providers: readonly ProviderConfig[]): OAuthConfig<Claims>[] {
  return providers.map((p) => kindOf(p).nextAuthProvider(p));
}

export function userinfoIssuerOf(config: ProviderConfig): string | null {
  return kindOf(config).userinfoIssuer(config);
}

export function identityOf(config: ProviderConfig, profile: Claims): ProviderIdentity | null {
  return kindOf(config).identity(config, profile);
}

/** The sign-in page's buttons: one per configured provider, in configuration order. */
export function providerButtons(providers: readonly ProviderConfig[]): { id: string; name: string }[] {
  return providers.map((p) => ({ id: p.id, name: p.name }));
}
