import 'server-only';
/**
 * The end of every sign-in (password, passkey, provider, email link): the method has checked who
 * it is and opened a session (start-session.ts); this sets the session cookie and says where the
 * browser goes next. A one-factor session of a user who has a second factor goes to the
 * second-factor step now; so does every one-factor session while "a second factor for everyone"
 * is on (that page guides a user without one to set one up). Anyone else goes to the return URL,
 * validated like any rd, or to the portal's start page.
 */
import type { Db } from '../db';
import type { CookieEnv, PortalEnv } from '../config';
import { hasSecondFactor } from '../mfa/has-second-factor';
import { readRequireTwoFactor } from '../rules/rule-settings';
import type { AuthLevel } from '../sessions/session-policy';
import { returnUrlPolicyOf, safeReturnUrl } from './return-url';
import { setSessionCookie } from './session-cookie';

export type SignedIn = { userId: string; token: string; expiresAt: Date; level: AuthLevel };

/** Returns where to go: a path on the portal, or the validated absolute return URL. */
export async function completeSignIn(db: Db, input: { signedIn: SignedIn; returnTo: string | null | undefined; env: PortalEnv & CookieEnv }): Promise<string> {
  const { signedIn } = input;
  await setSessionCookie(signedIn.token, signedIn.expiresAt);
  const target = safeReturnUrl(input.returnTo, returnUrlPolicyOf(input.env)) ?? '/';
  if (signedIn.level === 'one_factor' && ((await hasSecondFactor(db, signedIn.userId)) || (await readRequireTwoFactor(db)))) {
    return `/sign-in/second-factor?rd=${encodeURIComponent(target)}`;
  }
  return target;
}
