/**
 * next-auth's error codes in words. It sends the browser to the sign-in page (or the error page)
 * with `?error=<code>`; anything else in that parameter shows the generic sentence, never itself.
 * https://next-auth.js.org/configuration/pages#sign-in-page
 */
const NEXT_AUTH_ERRORS: Record<string, string> = {
  OAuthSignin: 'Gatehouse could not start the sign-in with the provider. Try again; if it keeps failing, tell your administrator.',
  OAuthCallback: "The provider's answer could not be checked (it was replayed, opened in another browser, or took too long). Start the sign-in again.",
  OAuthCreateAccount: 'The sign-in could not be completed. Start again.',
  OAuthAccountNotLinked: 'This provider account is not linked to yours.',
  Callback: 'The sign-in could not be completed. Start again.',
  AccessDenied: 'The sign-in was refused.',
  Configuration: 'Sign-in with this provider is not set up correctly. Tell your administrator.',
  Verification: 'This sign-in link is no longer valid.',
};

export const GENERIC_SIGN_IN_PROBLEM = 'The sign-in did not work. Start again.';

export function nextAuthErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(NEXT_AUTH_ERRORS, code) ? NEXT_AUTH_ERRORS[code]! : GENERIC_SIGN_IN_PROBLEM;
}
