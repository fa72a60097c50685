/**
 * The authentication methods a session proved, as RFC 8176 `amr` values
 * (https://www.rfc-editor.org/rfc/rfc8176#section-2), kept in Session.amr and told to OpenID
 * Connect clients:
 * - password → "pwd"; authenticator app (TOTP) → "otp"; security key or passkey as second factor → "hwk";
 * - a recovery code → "otp": a single-use code from a list the user holds (the closest registered
 *   value; RFC 8176 has none for printed backup codes);
 * - passkey sign-in → "hwk" and "user" (the authenticator verified the user: PIN or biometric);
 * - a social or OpenID Connect provider → "fed"; an email link → "email" (not registered; RFC 8176
 *   §2 allows other values);
 * - "mfa" as soon as two distinct methods are proven in the session.
 */
export const FACTOR_AMR: Readonly<Record<string, string>> = { totp: 'otp', recovery_code: 'otp', webauthn: 'hwk' };

/** The methods, deduplicated and sorted, with "mfa" when two distinct ones are proven. */
export function normalizeAmr(methods: Iterable<string>): string[] {
  const set = new Set([...methods].filter((m) => m !== 'mfa'));
  const list = [...set].sort();
  return set.size >= 2 ? [...list, 'mfa'] : list;
}

/** `amr` with one more method proven. */
export function addAmr(amr: readonly string[], method: string | undefined): string[] {
  return method ? normalizeAmr([...amr, method]) : normalizeAmr(amr);
}
