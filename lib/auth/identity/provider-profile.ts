/**
 * What Gatehouse keeps of a provider's answer: a stable subject, the email and whether the
 * provider vouches for it, a name and a username hint. Pure: the shapes are the providers'
 * documented ones (GitHub REST /user and /user/emails, Google's and any OpenID Connect
 * provider's ID-token / userinfo claims). Anything unexpected gives no email rather than a wrong one.
 */
export type ProviderIdentity = {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  username: string | null;
};

const text = (value: unknown, max = 200): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null);
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const email = (value: unknown): string | null => {
  const candidate = text(value, 254)?.toLowerCase() ?? null;
  return candidate && EMAIL.test(candidate) ? candidate : null;
};
/** OIDC says boolean; some providers send the string "true". */
const verified = (value: unknown): boolean => value === true || value === 'true';

export type GithubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * GitHub: the numeric id is the subject (logins can be renamed). The email is the primary one
 * if GitHub verified it, else another verified one; the public profile email alone is not
 * trusted as verified.
 */
export function identityFromGithub(profile: Record<string, unknown>, emails: readonly GithubEmail[] | null): ProviderIdentity | null {
  const id = typeof profile.id === 'number' || typeof profile.id === 'string' ? String(profile.id) : null;
  if (!id) return null;
  const usable = (emails ?? []).filter((e) => e && e.verified === true && email(e.email));
  const chosen = usable.find((e) => e.primary) ?? usable[0];
  return {
    provider: 'github',
    subject: id,
    email: chosen ? email(chosen.email) : email(profile.email),
    emailVerified: Boolean(chosen),
    name: text(profile.name),
    username: text(profile.login, 64),
  };
}

/** Google and any OpenID Connect provider: `sub`, `email`, `email_verified`, `name`, `preferred_username`. */
export function identityFromClaims(provider: string, claims: Record<string, unknown>): ProviderIdentity | null {
  const subject = text(claims.sub, 255);
  if (!subject) return null;
  const address = email(claims.email);
  return {
    provider,
    subject,
    email: address,
    emailVerified: address !== null && verified(claims.email_verified),
    name: text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null),
    username: text(claims.preferred_username, 64) ?? text(claims.nickname, 64),
  };
}
