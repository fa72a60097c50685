/**
 * What the action pipeline answers when the assurance model refuses (lib/actions/safe-action.ts),
 * in a module without server-only imports so tests can look for the same words.
 */
export { SUDO_MESSAGE } from '../auth/sudo';
export { MALFORMED_ACTION_MESSAGE as MALFORMED_MESSAGE } from './action-body';

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again.';
export const NOT_ADMIN_MESSAGE = 'Only administrators can do this.';
export const SECOND_FACTOR_MESSAGE = 'Confirm your second factor to do this.';
export const ENROLL_MESSAGE = 'Administrators must add a second factor before using the admin pages: add one on the Security page.';
