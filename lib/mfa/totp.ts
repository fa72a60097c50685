/**
 * Time-based one-time passwords (RFC 6238) for authenticator apps. Pure: no database, no clock
 * of its own (callers pass `nowMs`), so the window and replay rules are testable to the step.
 *
 * otplib (v13) only computes the code of a given time; which steps are accepted, and which are
 * refused as replays, is decided here so the caller learns the step to store as `lastUsedStep`.
 *
 * Enrolment always uses TOTP_SETTINGS. A factor imported from Authelia keeps the algorithm,
 * digits and period it was made with (SecondFactor.totpAlgorithm/totpDigits/totpPeriod, null for
 * the defaults): `totpParamsOf` reads them, and its steps are counted in its own period.
 */
import { generateSecret, generateSync, type HashAlgorithm } from 'otplib';
import { safeEqual } from '../crypto';

/** What every authenticator app understands; changing any of these breaks enrolled factors. */
export const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } as const;

/** How one factor's codes are made. */
export type TotpParams = { algorithm: 'SHA1' | 'SHA256' | 'SHA512'; digits: 6 | 8; period: number };
export const DEFAULT_TOTP_PARAMS: TotpParams = { algorithm: TOTP_SETTINGS.algorithm, digits: TOTP_SETTINGS.digits, period: TOTP_SETTINGS.period };

/**
 * The parameters of a stored factor: the defaults when its columns are null (every enrolment),
 * else what was imported. Null when a stored value is not one Gatehouse verifies: such a factor
 * accepts no code (fail closed).
 */
export function totpParamsOf(factor: { totpAlgorithm?: string | null; totpDigits?: number | null; totpPeriod?: number | null }): TotpParams | null {
  const algorithm = factor.totpAlgorithm ?? DEFAULT_TOTP_PARAMS.algorithm;
  const digits = factor.totpDigits ?? DEFAULT_TOTP_PARAMS.digits;
  const period = factor.totpPeriod ?? DEFAULT_TOTP_PARAMS.period;
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') return null;
  if (digits !== 6 && digits !== 8) return null;
  if (!Number.isInteger(period) || period < 15 || period > 300) return null;
  return { algorithm, digits, period };
}

// Longest input still worth looking at: eight digits with generous spacing.
const MAX_CODE_INPUT = 32;

/** A fresh shared secret: 20 random bytes (160 bits, RFC 4226's recommendation) as unpadded base32. */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/**
 * The `otpauth://` URI an authenticator app scans (Google Authenticator key-uri format).
 * Issuer and account name must not contain ":" (the label separator); config and username
 * rules already forbid it, so a colon here is a programming error.
 */
export function totpUri(input: { secret: string; issuer: string; accountName: string }): string {
  if (input.issuer.includes(':') || input.accountName.includes(':')) {
    throw new Error('TOTP issuer and account name must not contain ":"');
  }
  const issuer = encodeURIComponent(input.issuer);
  const label = `${issuer}:${encodeURIComponent(input.accountName)}`;
  const query = [
    `secret=${encodeURIComponent(input.secret)}`,
    `issuer=${issuer}`,
    `algorithm=${TOTP_SETTINGS.algorithm}`,
    `digits=${TOTP_SETTINGS.digits}`,
    `period=${TOTP_SETTINGS.period}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

/** The RFC 6238 time step (T0 = 0) that `nowMs` falls in, for a factor with `period` seconds. */
export function totpStep(nowMs: number, period: number = TOTP_SETTINGS.period): number {
  return Math.floor(nowMs / 1000 / period);
}

function codeForStep(secret: string, step: number, params: TotpParams): string {
  return generateSync({
    secret,
    algorithm: params.algorithm.toLowerCase() as HashAlgorithm,
    digits: params.digits,
    period: params.period,
    epoch: step * params.period,
  });
}

/** The code an authenticator shows at `nowMs`. For tests and enrolment checks, never for verifying. */
export function totpCodeAt(secret: string, nowMs: number, params: TotpParams = DEFAULT_TOTP_PARAMS): string {
  return codeForStep(secret, totpStep(nowMs, params.period), params);
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Checks a typed code against the steps around `nowMs` (± TOTP_SETTINGS.window, for clock skew).
 * Returns the step that matched: the caller stores it as `lastUsedStep` (atomically, with a
 * condition on the old value) so the same code, or an older one, is never accepted again.
 *
 * Every step of the window is computed and compared in constant time whatever matches, so the
 * response time says nothing about which step (if any) was close.
 */
export function checkTotp(input: { secret: string; code: string; nowMs: number; lastUsedStep: number | bigint | null; params?: TotpParams }): TotpCheck {
  const params = input.params ?? DEFAULT_TOTP_PARAMS;
  if (input.code.length > MAX_CODE_INPUT) return { ok: false, reason: 'malformed' };
  const code = input.code.replace(/\s/g, '');
  if (code.length !== params.digits || !/^[0-9]+$/.test(code)) return { ok: false, reason: 'malformed' };

  const current = totpStep(input.nowMs, params.period);
  const lastUsed = input.lastUsedStep === null ? -Infinity : Number(input.lastUsedStep);
  let accepted: number | null = null;
  let replayed = false;
  for (let step = current - TOTP_SETTINGS.window; step <= current + TOTP_SETTINGS.window; step++) {
    if (!safeEqual(codeForStep(input.secret, step, params), code)) continue;
    // Ascending order: the oldest unused matching step wins, which forecloses the fewest later codes.
    if (step <= lastUsed) replayed = true;
    else accepted ??= step;
  }
  if (accepted !== null) return { ok: true, step: accepted };
  return { ok: false, reason: replayed ? 'replayed' : 'wrong' };
}
