/**
 * What a user's claims are, per scope (lib/oidc/scopes.ts), and who may use an application. Pure.
 *
 * `email_verified` is true only where Gatehouse saw the address proven: the account was made
 * through an email link (signupMethod 'email'), or a linked provider asserted this very address
 * as verified. An address an admin typed, or one a provider gave unverified, is not claimed
 * verified: relying parties that link accounts by a verified email (Nextcloud, Gitea, Grafana)
 * must not trust it more than Gatehouse does.
 */
import { readStringList } from '../text/string-list';
import { ACR_ONE_FACTOR, ACR_TWO_FACTOR } from './scopes';

export type ClaimsUser = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  emailVerified: boolean;
  groups: string[];
};

export type Claims = { sub: string } & Record<string, string | boolean | string[]>;

/** The claims the granted scopes release; `sub` (User.id: stable, never the username, never reused) always. */
export function claimsFor(user: ClaimsUser, scope: string): Claims {
  const scopes = new Set(scope.split(' '));
  const claims: Claims = { sub: user.id };
  if (scopes.has('profile')) {
    claims.name = user.displayName;
    claims.preferred_username = user.username;
  }
  if (scopes.has('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.has('groups')) claims.groups = [...user.groups].sort();
  return claims;
}

/** ID token claims: everything for a client that asked for claims in the ID token, else `sub` alone (userinfo has the rest). */
export function idTokenClaims(claims: Claims, claimsInIdToken: boolean): Claims {
  return claimsInIdToken ? claims : { sub: claims.sub };
}

export function emailVerifiedOf(user: { email: string; signupMethod: string; identities: { email: string | null; emailVerified: boolean }[] }): boolean {
  if (user.signupMethod === 'email') return true;
  return user.identities.some((identity) => identity.emailVerified && identity.email === user.email);
}

/**
 * An application's subjects ("user:<username>", "group:<name>"; none = every signed-in user),
 * as the verify endpoint reads them (lib/applications/application-rules.ts).
 */
export function applicationAllows(subjects: readonly string[], user: { username: string; groups: readonly string[] }): boolean {
  if (subjects.length === 0) return true;
  // Compared lower-case, as the verify endpoint does (lib/policy/evaluate.ts).
  const identity = new Set([`user:${user.username.toLowerCase()}`, ...user.groups.map((group) => `group:${group.toLowerCase()}`)]);
  return subjects.some((subject) => identity.has(subject.toLowerCase()));
}

/** Application.subjects as a list. */
export const parseSubjects = readStringList;

/** The acr a session level says. */
export function acrOf(level: string): string {
  return level === 'two_factor' ? ACR_TWO_FACTOR : ACR_ONE_FACTOR;
}
