/**
 * The OpenID Connect vocabulary Gatehouse speaks: the scopes a client may be allowed, the claims
 * each scope releases, and the `acr` values (the session's level, lib/auth/assurance.ts).
 */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'groups', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

/** Claims per scope (`sub` always). `groups` is the user's Gatehouse group names, sorted. */
export const OIDC_SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  groups: ['groups'],
} as const;

/** acr values: what the session proved; a client asking `acr_values=two_factor` gets a step-up. */
export const ACR_ONE_FACTOR = 'one_factor';
export const ACR_TWO_FACTOR = 'two_factor';
export const OIDC_ACR_VALUES = [ACR_ONE_FACTOR, ACR_TWO_FACTOR] as const;

/** What the consent screen says each scope lets the app read. */
export const OIDC_SCOPE_DESCRIPTIONS: Record<OidcScope, string> = {
  openid: 'Know that it is you (a stable identifier, never your username)',
  profile: 'Your username and display name',
  email: 'Your email address',
  groups: 'The groups you are in',
  offline_access: 'Stay signed in when you are away (a refresh token)',
};

export function isOidcScope(value: string): value is OidcScope {
  return (OIDC_SCOPES as readonly string[]).includes(value);
}

/** One canonical spelling of a scope set: known scopes, deduplicated, sorted, space-separated. */
export function canonicalScopes(scopes: Iterable<string>): string {
  return [...new Set([...scopes].filter(isOidcScope))].sort().join(' ');
}
