/**
 * Turns a session cookie value into a signed-in user, or says why not. Every page, action and
 * (through lib/verify) every proxied request goes through here, and so through the account gate.
 */
import { accountGate, isAdmin } from '../auth/account-gate';
import { effectiveLevel } from '../auth/assurance';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import { readStringList } from '../text/string-list';
import { isWellFormedSessionToken, sessionState, shouldTouch, type AuthLevel } from './session-policy';

export type SessionUser = {
  id: string;
  username: string;
  email: string;
  displayName: string;
  groups: string[];
  isAdmin: boolean;
  /** The user has at least one second factor (read with the session, so never stale within a request). */
  hasSecondFactor: boolean;
};

export type ValidSession = {
  id: string;
  /** The level really proven in this session: two_factor only with a factor proven in it (lib/auth/assurance.ts). */
  level: AuthLevel;
  /** When a second factor, and when the password, was last proven in this session (null: never). */
  factorProvenAt: Date | null;
  passwordProvenAt: Date | null;
  /** The RFC 8176 methods proven in this session (Session.amr), told to OpenID Connect clients. */
  amr: string[];
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
};

export type SessionCheck =
  | { status: 'missing' }
  | { status: 'invalid'; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'idle' | 'account'; message?: string }
  | { status: 'ok'; session: ValidSession; user: SessionUser };

export async function validateSession(
  token: string | undefined | null,
  options: { db: Db; idleTimeoutMs: number; now?: Date; touch?: boolean },
): Promise<SessionCheck> {
  if (token === undefined || token === null || token === '') return { status: 'missing' };
  if (!isWellFormedSessionToken(token)) return { status: 'invalid', reason: 'malformed' };
  const now = options.now ?? new Date();
  const row = await options.db.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      level: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      factorProvenAt: true,
      passwordProvenAt: true,
      amr: true,
      user: {
        select: {
          id: true,
          username: true,
          email: true,
          displayName: true,
          status: true,
          groups: { select: { group: { select: { name: true } } } },
          secondFactors: { select: { id: true }, take: 1 },
        },
      },
    },
  });
  if (!row) return { status: 'invalid', reason: 'unknown' };
  const state = sessionState(row, now, options.idleTimeoutMs);
  if (state !== 'active') return { status: 'invalid', reason: state };
  const gate = accountGate(row.user);
  if (!gate.ok) return { status: 'invalid', reason: 'account', message: gate.message };

  if (options.touch !== false && shouldTouch(row.lastSeenAt, now)) {
    // Best effort: a failed touch must not sign anybody out.
    await options.db.session.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastSeenAt: now } }).catch(() => undefined);
  }
  const groups = row.user.groups.map((membership) => membership.group.name).sort();
  return {
    status: 'ok',
    session: {
      id: row.id,
      level: effectiveLevel(row) === 'two_factor' ? 'two_factor' : 'one_factor',
      factorProvenAt: row.factorProvenAt,
      passwordProvenAt: row.passwordProvenAt,
      amr: readStringList(row.amr),
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
    },
    user: {
      id: row.user.id,
      username: row.user.username,
      email: row.user.email,
      displayName: row.user.displayName,
      groups,
      isAdmin: isAdmin(groups),
      hasSecondFactor: row.user.secondFactors.length > 0,
    },
  };
}
