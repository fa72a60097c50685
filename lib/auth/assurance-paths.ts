/**
 * Where a page request goes when the assurance model says "not yet" (lib/auth/assurance.ts):
 * each need has one page, which returns to `here` (a portal path with its query) afterwards.
 * Pure, shared by pages and route handlers.
 */
import type { AssuranceNeed } from './assurance';

/** The re-prove page: prove the factor (or password) again, then go back to `rd`. */
export const REAUTH_PATH = '/reauth';
export const SECOND_FACTOR_PATH = '/sign-in/second-factor';
/** The Security page, saying that admins must add a second factor first. */
export const ENROLL_PATH = '/security';

/** The page that deals with `need`, or null for a plain 404 (not an admin). */
export function assuranceRedirect(need: AssuranceNeed, here: string): string | null {
  const back = here.startsWith('/') && !here.startsWith('//') ? here : '/';
  const rd = encodeURIComponent(back);
  switch (need) {
    case 'not-found':
      return null;
    case 'sign-in':
      return back === '/' ? '/sign-in' : `/sign-in?rd=${rd}`;
    case 'second-factor':
      return `${SECOND_FACTOR_PATH}?rd=${rd}`;
    case 'enroll-factor':
      return `${ENROLL_PATH}?required=admin&rd=${rd}`;
    case 'sudo':
      return `${REAUTH_PATH}?rd=${rd}`;
  }
}
