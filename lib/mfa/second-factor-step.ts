/**
 * The second step of signing in: a one-factor session becomes two-factor after an
 * authenticator-app code, a security key or passkey, or a recovery code. Every failure counts
 * against the user and the client address in the shared "credentials" regulation scope, together
 * with password and other failures (env.regulation, default 5 within 2 minutes ban for 10
 * minutes). Each attempt is admitted (and counted) before anything is checked; while either is
 * banned, or already has the most failures and attempts in flight the window allows, nothing is
 * even checked, so a right answer and a wrong one look the same.
 *
 * What a success uses up (the authenticator-app step, the recovery code) is claimed in the
 * transaction that upgrades the session and audits it: of the same code sent twice at once
 * exactly one claims it, and a claim never outlives a failed upgrade.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { openSecret } from '../crypto';
import type { Db, Tx } from '../db';
import type { MailEnv, PortalEnv, RegulationEnv, SecondFactorEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { admitCredentialCheck, checkRegulation, refusalMessage, type CredentialAttempt } from '../regulation/credentials';
import { describeLock } from '../regulation/regulation';
import { FACTOR_AMR } from '../sessions/amr';
import { upgradeSession } from '../sessions/upgrade-session';
import { countRecoveryCodes, useRecoveryCode } from './recovery-code-store';
import { checkTotp, totpParamsOf } from './totp';
import { finishAuthentication, startAuthentication } from './webauthn/authentication';
import { relyingPartyOf } from './webauthn/relying-party';

type StepUser = { id: string; username: string; email: string; displayName: string };
export type StepEnv = PortalEnv & SecondFactorEnv & MailEnv & SecretsEnv & RegulationEnv;
type StepInput = { user: StepUser; sessionId: string; meta: RequestMeta; env: StepEnv; now?: Date };

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

/** Admits the attempt (counted until it passes) or refuses it unchecked. */
async function admit(db: Db, input: StepInput, now: Date): Promise<CredentialAttempt> {
  const admission = await admitCredentialCheck(db, {
    userId: input.user.id,
    userName: input.user.username,
    ip: input.meta.ip,
    policy: input.env.regulation,
    meta: input.meta,
    now,
  });
  if (!admission.admitted) throw new AppError('RATE_LIMITED', refusalMessage(admission, input.now ?? new Date(), describeLock));
  return admission.attempt;
}

async function failed(db: Db, input: StepInput, attempt: CredentialAttempt, now: Date, method: string, reason: string, message: string): Promise<never> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  const { lockedUntil, placed } = await attempt.failed({
    now,
    record: (tx) =>
      logEvent(tx, { type: 'auth.second_factor', outcome: 'failure', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method, reason } }),
  });
  if (lockedUntil) {
    if (placed.length > 0)
      await logEvent(db, { type: 'mfa.locked', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { until: lockedUntil.toISOString() } });
    throw new AppError('RATE_LIMITED', describeLock(lockedUntil, input.now ?? new Date()));
  }
  throw new AppError('UNAUTHORIZED', message, method === 'webauthn' ? undefined : 'code');
}

/**
 * Upgrades the session, audited, in one transaction with `claim` (what the success uses up).
 * When `claim` finds it already used, nothing is written and the result is null.
 */
async function passed<T>(db: Db, input: StepInput, method: string, claim: (tx: Tx) => Promise<T | null>): Promise<T | null> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  const done = await db.$transaction(async (tx) => {
    const claimed = await claim(tx);
    if (claimed === null) return null;
    await logEvent(tx, { type: 'auth.second_factor', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method } });
    return { claimed, tokenHash: await upgradeSession(tx, input.sessionId, new Date(), FACTOR_AMR[method]) };
  });
  if (!done) return null;
  return done.claimed;
}

export async function passTotp(db: Db, input: StepInput & { code: string }): Promise<void> {
  const now = input.now ?? new Date();
  const attempt = await admit(db, input, now);
  const factors = await db.secondFactor.findMany({
    where: { userId: input.user.id, kind: 'totp' },
    select: { id: true, secret: true, lastUsedStep: true, totpAlgorithm: true, totpDigits: true, totpPeriod: true },
  });
  let replayed = false;
  for (const factor of factors) {
    const params = totpParamsOf(factor);
    if (!params) continue;
    const secret = openSecret(factor.secret!, input.env.secrets.encryptionKey, `totp:${input.user.id}`);
    const check = checkTotp({
      secret,
      code: input.code,
      nowMs: now.getTime(),
      lastUsedStep: factor.lastUsedStep === null ? null : Number(factor.lastUsedStep),
      params,
    });
    if (check.ok) {
      // Claim the step atomically: the same code sent twice at once passes once.
      const claimed = await passed(db, input, 'totp', async (tx) => {
        const { count } = await tx.secondFactor.updateMany({
          where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(check.step) } }] },
          data: { lastUsedStep: BigInt(check.step), lastUsedAt: now },
        });
        return count === 1 ? true : null;
      });
      if (claimed) return attempt.passed();
      replayed = true;
    } else if (check.reason === 'replayed') {
      replayed = true;
    }
  }
  return failed(
    db,
    input,
    attempt,
    now,
    'totp',
    replayed ? 'replayed' : 'wrong_code',
    replayed ? 'That code was already used. Wait for the next one.' : 'That code is not right. Type the code your app shows now.',
  );
}

export async function passRecoveryCode(db: Db, input: StepInput & { code: string }): Promise<{ remaining: number }> {
  const now = input.now ?? new Date();
  const attempt = await admit(db, input, now);
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  let reason: string = 'wrong';
  const used = await passed(db, input, 'recovery_code', async (tx) => {
    const result = await useRecoveryCode(tx, { userId: input.user.id, input: input.code, key: input.env.secrets.signingKey, now });
    if (!result.ok) {
      reason = result.reason;
      return null;
    }
    await logEvent(tx, { type: 'mfa.recovery_code_used', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { remaining: result.remaining } });
    return result;
  });
  if (!used) return failed(db, input, attempt, now, 'recovery_code', reason, 'That recovery code is not right, or it was used already.');
  await attempt.passed();
  await deliverMail(
    {
      to: input.user.email,
      ...factorChangeMail({
        appName: input.env.appName,
        displayName: input.user.displayName,
        change: 'recovery_code_used',
        remaining: used.remaining,
        securityUrl: `${input.env.url}/security`,
      }),
    },
    input.env,
  ).catch((error: unknown) => console.error('[gatehouse] could not send the recovery-code notice:', (error as Error).message));
  return { remaining: used.remaining };
}

export async function webauthnStepOptions(db: Db, input: { userId: string; env: PortalEnv & SecondFactorEnv; now?: Date }) {
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
  const attempt = await admit(db, input, now);
  // The challenge is consumed and the counter advanced inside finishAuthentication: nothing left to claim.
  const result = await finishAuthentication(db, { rp: relyingPartyOf(input.env), response: input.response, expectedUserId: input.user.id, now });
  if (!result.ok) return failed(db, input, attempt, now, 'webauthn', result.reason, result.message);
  await attempt.passed();
  await passed(db, input, 'webauthn', async () => true);
}
