/**
 * The one place that decides whether an account may act. Every choke point calls it with the
 * user as just read from the database: session validation, sign-in, the verify endpoint, and
 * every server action through the session check.
 */
export const USER_STATUSES = ['pending', 'active', 'disabled', 'rejected'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type AccountGateResult = { ok: true } | { ok: false; reason: 'missing' | 'pending' | 'disabled' | 'rejected' | 'unknown-status'; message: string };

const REFUSALS: Record<Exclude<UserStatus, 'active'>, string> = {
  pending: 'Your account is waiting for an administrator to approve it.',
  disabled: 'Your account has been disabled. Ask an administrator if you think this is a mistake.',
  rejected: 'Your request for an account was declined.',
};

/** Fails closed: only `active` passes; an unknown status value is refused too. */
export function accountGate(user: { status: string } | null | undefined): AccountGateResult {
  if (!user) return { ok: false, reason: 'missing', message: 'This account does not exist.' };
  if (user.status === 'active') return { ok: true };
  if (typeof user.status === 'string' && Object.hasOwn(REFUSALS, user.status)) {
    const reason = user.status as Exclude<UserStatus, 'active'>;
    return { ok: false, reason, message: REFUSALS[reason] };
  }
  return { ok: false, reason: 'unknown-status', message: 'This account cannot be used.' };
}

export const ADMIN_GROUP = 'admins';

export function isAdmin(groupNames: readonly string[]): boolean {
  return groupNames.includes(ADMIN_GROUP);
}
