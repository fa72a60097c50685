/**
 * Proving it is still the user, in the session they already have: the re-prove dialog and page
 * (sudo mode, or the second factor of a one-factor session) call these.
 *
 * - A user with a second factor proves the factor: an authenticator-app code, a security key or
 *   passkey, or a recovery code. That is exactly the second-factor step (lib/mfa/
 *   second-factor-step.ts): regulated with every other credential check, audited, and it stamps
 *   the session two-factor with the time of the proof (lib/sessions/upgrade-session.ts).
 * - A user without a factor proves the password, regulated like a sign-in; a success stamps the
 *   session's password proof. A user WITH a factor cannot use the password here: it is exactly
 *   what sudo mode does not trust on its own.
 * Each success is also recorded as `auth.reauthenticated` with the method.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { DirectoryEnv, PortalEnv, SecondFactorEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { passRecoveryCode, passTotp, passWebauthn, webauthnStepOptions, type StepEnv } from '../mfa/second-factor-step';
import { admitCredentialCheck, banMessage, refusalMessage } from '../regulation/credentials';
import { stampPasswordProof } from '../sessions/upgrade-session';
import { accountPasswordCheck } from './password/account-password';

type ReproveUser = { id: string; username: string; email: string; displayName: string; hasSecondFactor: boolean };
type ReproveInput = { user: ReproveUser; sessionId: string; meta: RequestMeta; env: StepEnv; now?: Date };

export const WRONG_PASSWORD = 'That password is not right.';
const FACTOR_NEEDED = 'You have a second factor: confirm with it (a code, your security key or passkey, or a recovery code).';
const NO_FACTOR = 'You have no second factor yet: confirm with your password.';

const party = (user: ReproveUser): AuditParty => ({ id: user.id, name: user.username });

async function recorded(db: Db, input: ReproveInput, method: string): Promise<void> {
  await logEvent(db, {
    type: 'auth.reauthenticated',
    actor: party(input.user),
    target: { type: 'user', ...party(input.user) },
    meta: input.meta,
    data: { method },
  });
}

function needsFactor(user: ReproveUser): void {
  if (!user.hasSecondFactor) throw new AppError('FORBIDDEN', NO_FACTOR);
}

export async function reproveWithTotp(db: Db, input: ReproveInput & { code: string }): Promise<void> {
  needsFactor(input.user);
  await passTotp(db, input);
  await recorded(db, input, 'totp');
}

export async function reproveWithRecoveryCode(db: Db, input: ReproveInput & { code: string }): Promise<{ remaining: number }> {
  needsFactor(input.user);
  const result = await passRecoveryCode(db, input);
  await recorded(db, input, 'recovery_code');
  return result;
}

export function reproveWebauthnOptions(db: Db, input: { user: ReproveUser; env: PortalEnv & SecondFactorEnv }) {
  needsFactor(input.user);
  return webauthnStepOptions(db, { userId: input.user.id, env: input.env });
}

export async function reproveWithWebauthn(db: Db, input: ReproveInput & { response: Parameters<typeof passWebauthn>[1]['response'] }): Promise<void> {
  needsFactor(input.user);
  await passWebauthn(db, input);
  await recorded(db, input, 'webauthn');
}

/** For a user without a second factor: the password, regulated as a sign-in is (admitted and counted before it is verified). */
export async function reproveWithPassword(db: Db, input: ReproveInput & { password: string; env: Partial<DirectoryEnv> }): Promise<void> {
  if (input.user.hasSecondFactor) throw new AppError('FORBIDDEN', FACTOR_NEEDED);
  const check = await accountPasswordCheck(db, input.user.id, input.env.directory ?? null);
  if (!check) {
    throw new AppError(
      'FORBIDDEN',
      'Your account has no password (you sign in through a provider or an email link). Add a second factor on the Security page to use sudo mode.',
    );
  }
  const admission = await admitCredentialCheck(db, {
    userId: input.user.id,
    userName: input.user.username,
    ip: input.meta.ip,
    policy: input.env.regulation,
    meta: input.meta,
    now: input.now,
  });
  if (!admission.admitted) throw new AppError('RATE_LIMITED', refusalMessage(admission, input.now ?? new Date()));
  const ok = await check(input.password);
  const checkedAt = input.now ?? new Date();
  if (!ok) {
    const { lockedUntil } = await admission.attempt.failed({
      now: checkedAt,
      record: (tx) =>
        logEvent(tx, {
          type: 'auth.reauthenticated',
          outcome: 'failure',
          actor: party(input.user),
          target: { type: 'user', ...party(input.user) },
          meta: input.meta,
          data: { method: 'password', reason: 'wrong_password' },
        }),
    });
    throw new AppError(
      lockedUntil ? 'RATE_LIMITED' : 'UNAUTHORIZED',
      lockedUntil ? banMessage(lockedUntil, checkedAt) : WRONG_PASSWORD,
      lockedUntil ? undefined : 'password',
    );
  }
  await admission.attempt.passed();
  await db.$transaction(async (tx) => {
    if (!(await stampPasswordProof(tx, input.sessionId, checkedAt))) throw new AppError('UNAUTHORIZED', 'Your session has ended. Sign in again.');
    await logEvent(tx, {
      type: 'auth.reauthenticated',
      actor: party(input.user),
      target: { type: 'user', ...party(input.user) },
      meta: input.meta,
      data: { method: 'password' },
    });
  });
}

/** How this user can prove it is them (what the re-prove dialog offers). */
export type ReproveMethods = { totp: boolean; webauthn: boolean; recoveryCodes: number; password: boolean };

export async function reproveMethods(db: Db, user: { id: string; hasSecondFactor: boolean }): Promise<ReproveMethods> {
  if (user.hasSecondFactor) {
    const factors = await db.secondFactor.findMany({ where: { userId: user.id }, select: { kind: true } });
    const recoveryCodes = await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    return { totp: factors.some((f) => f.kind === 'totp'), webauthn: factors.some((f) => f.kind === 'webauthn'), recoveryCodes, password: false };
  }
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true, authSource: true } });
  return { totp: false, webauthn: false, recoveryCodes: 0, password: Boolean(row?.passwordHash) || row?.authSource === 'directory' };
}
