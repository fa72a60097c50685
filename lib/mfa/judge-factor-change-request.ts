/**
 * The state machine of a factor-change request (lib/mfa/request-factor-change-approval.ts),
 * decided without side effects: pending → approved | denied (an admin, once) → used (the asking
 * browser continues, once); any state but used or denied ends at `expiresAt`. The asking browser
 * sees its own request only: another user, another browser or an unknown id get `none`, the same
 * answer, so a stolen request id tells nothing. Fails closed: an unknown status is `none`.
 */
import { isFactorChangeAction } from './judge-factor-change-link';

export type FactorChangeRequestRow = {
  id: string;
  userId: string;
  browserHash: string;
  action: string;
  status: string;
  expiresAt: Date;
  /** When the link the request unlocks was used (also by its emailed copy). */
  linkUsedAt: Date | null;
};

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'used' | 'none';

export const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'used'] as const;

/** What the asking browser may know of its request. */
export function judgeRequestForBrowser(row: FactorChangeRequestRow | null, input: { userId: string; browserHash: string | null; now: Date }): RequestStatus {
  if (!row || row.userId !== input.userId || !input.browserHash || row.browserHash !== input.browserHash) return 'none';
  if (!isFactorChangeAction(row.action) || !(REQUEST_STATUSES as readonly string[]).includes(row.status)) return 'none';
  if (row.status === 'used' || row.linkUsedAt) return 'used';
  if (row.status === 'denied') return 'denied';
  if (row.expiresAt.getTime() <= input.now.getTime()) return 'expired';
  return row.status as 'pending' | 'approved';
}

/**
 * Why an admin cannot decide this request now, or null when they may. The decision itself is
 * an atomic update guarded by the same conditions; this names the reason when it matched nothing.
 */
export function whyUndecidable(row: FactorChangeRequestRow | null, input: { adminId: string; now: Date }): string | null {
  if (!row || !isFactorChangeAction(row.action)) return 'This request no longer exists: the user may have asked again, which replaces it.';
  if (row.userId === input.adminId) return 'You cannot approve your own request: another administrator must.';
  if (row.status === 'approved' || row.status === 'used') return 'This request has already been approved.';
  if (row.status === 'denied') return 'This request has already been denied.';
  if (row.status !== 'pending') return 'This request cannot be decided.';
  if (row.linkUsedAt) return 'This request has already been used.';
  if (row.expiresAt.getTime() <= input.now.getTime()) return 'This request has expired: the user must ask again from the Security page.';
  return null;
}

export const REQUEST_STATUS_TEXT: Record<Exclude<RequestStatus, 'pending' | 'approved'>, { title: string; message: string }> = {
  denied: {
    title: 'An administrator denied this request',
    message: 'Nothing was changed. If you still need the change, ask your administrator why, then ask again.',
  },
  expired: { title: 'This request has expired', message: 'No administrator approved it in time. Ask again from the Security page.' },
  used: { title: 'This request has already been used', message: 'Each approval works once. Ask again from the Security page if you need another change.' },
  none: {
    title: 'There is no such request in this browser',
    message: 'A request continues only in the browser, and for the account, that asked for it. Ask again from the Security page.',
  },
};
