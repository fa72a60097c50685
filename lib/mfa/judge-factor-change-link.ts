/**
 * What a stored factor-change link allows, decided without side effects: the caller reads the row, this
 * says whether it may be used by this user in this browser now. Fails closed: anything odd about
 * the row (wrong purpose, unknown action, unreadable data) makes the link invalid.
 */
import type { FactorChangeAction } from '../mail/templates/second-factor';

export const FACTOR_CHANGE_ACTIONS: readonly FactorChangeAction[] = ['add_totp', 'add_webauthn', 'remove_factor', 'recovery_codes'];

export function isFactorChangeAction(value: string): value is FactorChangeAction {
  return (FACTOR_CHANGE_ACTIONS as readonly string[]).includes(value);
}

export type FactorChangeLinkRow = {
  id: string;
  purpose: string;
  userId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  deviceHash: string | null;
  action: string | null;
  data: string | null;
};

export type FactorChangeLinkState =
  | { status: 'ok'; id: string; action: FactorChangeAction; factorId: string | null; returnTo: string | null; expiresAt: Date }
  | { status: 'invalid' | 'used' | 'expired' | 'other-user' | 'other-browser' };

/**
 * `browserHash` is the SHA-256 of this browser's id, or null when it has none; the row keeps the
 * asking browser's in its `deviceHash` column.
 */
export function judgeFactorChangeLink(
  row: FactorChangeLinkRow | null,
  input: { userId: string; browserHash: string | null; now: Date },
): FactorChangeLinkState {
  if (row?.purpose !== 'device_link' || !row.action || !isFactorChangeAction(row.action)) return { status: 'invalid' };
  const data = readData(row.data);
  if (!data) return { status: 'invalid' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt.getTime() <= input.now.getTime()) return { status: 'expired' };
  if (row.userId !== input.userId) return { status: 'other-user' };
  if (!input.browserHash || !row.deviceHash || row.deviceHash !== input.browserHash) return { status: 'other-browser' };
  return { status: 'ok', id: row.id, action: row.action, factorId: data.factorId, returnTo: data.returnTo, expiresAt: row.expiresAt };
}

function readData(raw: string | null): { factorId: string | null; returnTo: string | null } | null {
  if (raw === null) return { factorId: null, returnTo: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { factorId, returnTo } = parsed as Record<string, unknown>;
  if ((factorId !== undefined && typeof factorId !== 'string') || (returnTo !== undefined && typeof returnTo !== 'string')) return null;
  return { factorId: factorId ?? null, returnTo: returnTo ?? null };
}
