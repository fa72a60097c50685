/**
 * What the sign-in page says about how the visitor came to be signed out. Two sources, neither of
 * which can be made to say something untrue: the `signedOut` value our own sign-out actions put in
 * the redirect (only the exact values they send are read, and the page shows a fixed sentence,
 * never text from the URL; a visitor with a valid session never sees it, the page sends them on),
 * and the session cookie the browser still sends, whose session the server finds ended.
 */
import type { SessionCheck } from '../sessions/validate-session';

/** The values the sign-out actions redirect with: app/(dashboard)/actions.ts and app/(dashboard)/security/actions.ts. */
export const SIGNED_OUT_PARAM = 'signedOut';
export const SIGNED_OUT = { here: '1', everywhere: 'everywhere' } as const;

export type SignedOutNotice = { kind: 'signed-out' | 'session-ended'; title: string; text?: string };

export function signedOutNotice(param: string | string[] | undefined, check: SessionCheck): SignedOutNotice | null {
  if (check.status === 'ok') return null;
  if (param === SIGNED_OUT.here) return { kind: 'signed-out', title: 'You are signed out.' };
  if (param === SIGNED_OUT.everywhere)
    return { kind: 'signed-out', title: 'You are signed out.', text: 'Your sessions in every other browser have ended too.' };
  if (check.status !== 'invalid') return null;
  switch (check.reason) {
    case 'revoked':
      return {
        kind: 'session-ended',
        title: 'Your session has ended.',
        text: 'You signed out in another browser, or an administrator ended the session. Sign in again to continue.',
      };
    case 'expired':
      return { kind: 'session-ended', title: 'Your session has expired.', text: 'Sign in again to continue.' };
    case 'idle':
      return { kind: 'session-ended', title: 'You were signed out after a time without activity.', text: 'Sign in again to continue.' };
    default:
      // A malformed or unknown cookie, or an account that may not sign in (the sign-in form says why): nothing to add.
      return null;
  }
}
