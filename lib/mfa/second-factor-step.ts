/**
 * The second step of signing in: a one-factor session becomes two-factor after an
 * authenticator-app code, a security key or passkey, or a recovery code. Every failure counts
 * against the user and the client address in the shared "credentials" regulation scope, together
 * with password and other failures (env.regulation, default 5 within 2 minutes ban for 10
 * minutes); while either is banned, nothing is even checked, so a right answer and a wrong one
 * look the same.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { openSecret } from '../crypto';
import type { Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { checkRegulation, recordCredentialFailure, refuseIfBanned } from '../regulation/credentials';
import { describeLock } from '../regulation/regulation';
import { afterUpgrade, upgradeSession } from '../sessions/upgrade-session';
import { countRecoveryCodes, useRecoveryCode } from './recovery-code-store';
import { checkTotp } from './totp';
import { finishAuthentication, startAuthentication } from './webauthn/authentication';
import { relyingPartyOf } from './webauthn/relying-party';

type StepUser = { id: string; username: string; email: string; displayName: string };
type StepInput = { user: StepUser; sessionId: string; meta: RequestMeta; env: Env; now?: Date };

export type SecondFactorSummary = { totp: boolean; webauthn: boolean; recoveryCodes: number; lockedUntil: Date | null };

export async function secondFactorSummary(db: Db, userId: string, now = new Date()): Promise<SecondFactorSummary> {
  const factors = await db.secondFactor.findMany({ where: { userId }, select: { kind: true } });
  const lock = await checkRegulation(db, { userId, now });
  return {
    totp: factors.some((f) => f.kind === 'totp'),
    webauthn: factors.some((f) => f.kind === 'webauthn'),
    recoveryCodes: (await countRecoveryCodes(db, userId)).unused,
    lockedUntil: lock.locked ? lock.until : null,
  };
}

const refuseIfLocked = (db: Db, input: StepInput, now: Date) => refuseIfBanned(db, { userId: input.user.id, ip: input.meta.ip, now, message: describeLock });

async function failed(db: Db, input: StepInput, now: Date, method: string, reason: string, message: string): Promise<never> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  await logEvent(db, { type: 'auth.second_factor', outcome: 'failure', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method, reason } });
  const { lockedUntil, placed } = await recordCredentialFailure(db, { userId: input.user.id, userName: input.user.username, ip: input.meta.ip, policy: input.env.regulation, meta: input.meta, now });
  if (lockedUntil) {
    if (placed.length > 0) await logEvent(db, { type: 'mfa.locked', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { until: lockedUntil.toISOString() } });
    throw new AppError('RATE_LIMITED', describeLock(lockedUntil, now));
  }
  throw new AppError('UNAUTHORIZED', message, method === 'webauthn' ? undefined : 'code');
}

async function passed(db: Db, input: StepInput, now: Date, method: string, extra: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0]) => Promise<void> = async () => undefined): Promise<void> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  const tokenHash = await db.$transaction(async (tx) => {
    await extra(tx);
    await logEvent(tx, { type: 'auth.second_factor', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method } });
    return upgradeSession(tx, input.sessionId);
  });
  afterUpgrade(tokenHash);
  void now;
}

export async function passTotp(db: Db, input: StepInput & { code: string }): Promise<void> {
  const now = input.now ?? new Date();
  await refuseIfLocked(db, input, now);
  const factors = await db.secondFactor.findMany({ where: { userId: input.user.id, kind: 'totp' }, select: { id: true, secret: true, lastUsedStep: true } });
  let replayed = false;
  for (const factor of factors) {
    const secret = openSecret(factor.secret!, input.env.secrets.encryptionKey, `totp:${input.user.id}`);
    const check = checkTotp({ secret, code: input.code, nowMs: now.getTime(), lastUsedStep: factor.lastUsedStep === null ? null : Number(factor.lastUsedStep) });
    if (check.ok) {
      // Claim the step atomically: the same code sent twice at once passes once.
      const claimed = await db.secondFactor.updateMany({
        where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(check.step) } }] },
        data: { lastUsedStep: BigInt(check.step), lastUsedAt: now },
      });
      if (claimed.count === 1) return passed(db, input, now, 'totp');
      replayed = true;
    } else if (check.reason === 'replayed') {
      replayed = true;
    }
  }
  return failed(db, input, now, 'totp', replayed ? 'replayed' : 'wrong_code', replayed ? 'That code was already used. Wait for the next one.' : 'That code is not right. Type the code your app shows now.');
}

export async function passRecoveryCode(db: Db, input: StepInput & { code: string }): Promise<{ remaining: number }> {
  const now = input.now ?? new Date();
  await refuseIfLocked(db, input, now);
  const result = await useRecoveryCode(db, { userId: input.user.id, input: input.code, key: input.env.secrets.signingKey, now });
  if (!result.ok) return failed(db, input, now, 'recovery_code', result.reason, 'That recovery code is not right, or it was used already.');
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  await passed(db, input, now, 'recovery_code', async (tx) => {
    await logEvent(tx, { type: 'mfa.recovery_code_used', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { remaining: result.remaining } });
  });
  await deliverMail(
    { to: input.user.email, ...factorChangeMail({ appName: input.env.appName, displayName: input.user.displayName, change: 'recovery_code_used', remaining: result.remaining, securityUrl: `${input.env.url}/security` }) },
    input.env,
  ).catch((error: unknown) => console.error('[gatehouse] could not send the recovery-code notice:', (error as Error).message));
  return { remaining: result.remaining };
}

export async function webauthnStepOptions(db: Db, input: { userId: string; env: Env; now?: Date }) {
  const credentials = await db.secondFactor.findMany({ where: { userId: input.userId, kind: 'webauthn' }, select: { credentialId: true, transports: true } });
  return startAuthentication(db, {
    rp: relyingPartyOf(input.env),
    userId: input.userId,
    allowCredentials: credentials.map((c) => ({ id: c.credentialId!, transports: c.transports ? (JSON.parse(c.transports) as string[]) : undefined })),
    now: input.now,
  });
}

export async function passWebauthn(db: Db, input: StepInput & { response: Parameters<typeof finishAuthentication>[1]['response'] }): Promise<void> {
  const now = input.now ?? new Date();
  await refuseIfLocked(db, input, now);
  const result = await finishAuthentication(db, { rp: relyingPartyOf(input.env), response: input.response, expectedUserId: input.user.id, now });
  if (!result.ok) return failed(db, input, now, 'webauthn', result.reason, result.message);
  return passed(db, input, now, 'webauthn');
}
