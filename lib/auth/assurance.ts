/**
 * The portal's own assurance model, in one pure function: may this session do something that
 * needs `requirement`, and if not, what must happen first. Every page, action and admin API
 * route asks it (lib/auth/current-session.ts, lib/actions/safe-action.ts) with the requirement
 * written next to its name in lib/auth/access-table.ts.
 *
 * - Levels: `none` < `one_factor` < `two_factor`. A session counts as `two_factor` only when a
 *   second factor was proven in it (`factorProvenAt`): its stored level never lifts it alone.
 * - `user`: any valid session. `user-2fa`: a two-factor session when the user has a factor (a
 *   user with none can only ever have one factor). `admin`: an admin, with a two-factor session
 *   when they have a factor; without one, while "admins must use a second factor" is on, they are
 *   led to add one before anything else in admin. `admin-sudo`: `admin`, and a factor (or, for a
 *   user with none, the password) proven within the sudo TTL.
 * - Fails closed: anything not positively allowed is refused with what to do about it.
 */

export const REQUIREMENTS = ['public', 'user', 'user-2fa', 'admin', 'admin-sudo'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export type SessionLevel = 'none' | 'one_factor' | 'two_factor';

export type AssuranceSubject = {
  /** The session's stored level (`none`: no valid session). */
  level: SessionLevel;
  /** The user has at least one second factor (authenticator app, security key, passkey). */
  hasFactor: boolean;
  isAdmin: boolean;
  /** When a second factor was last proven in this session; null: never. */
  factorProvenAt: Date | null;
  /** When the password was last proven in this session; null: never. */
  passwordProvenAt: Date | null;
};

export type AssuranceSettings = {
  /** Admin setting, on unless turned off: admins without a second factor must add one first. */
  adminsMustUseSecondFactor: boolean;
  /** GATEHOUSE_SUDO_TTL. */
  sudoTtlMs: number;
};

/** What proves it is still the user, for sudo mode: their factor, or their password if they have no factor. */
export type SudoProof = 'factor' | 'password';

export type AssuranceVerdict =
  | { ok: true }
  /** No session: sign in. */
  | { ok: false; need: 'sign-in' }
  /** Not an admin: admin pages and actions do not advertise themselves (404). */
  | { ok: false; need: 'not-found' }
  /** A one-factor session of a user who has a factor: pass the second-factor step. */
  | { ok: false; need: 'second-factor' }
  /** An admin without a factor while admins must use one: add a factor first. */
  | { ok: false; need: 'enroll-factor' }
  /** Sudo mode: prove the factor (or the password) again. */
  | { ok: false; need: 'sudo'; prove: SudoProof };

export type AssuranceNeed = Exclude<AssuranceVerdict, { ok: true }>['need'];

/**
 * A proof stamped up to this far in the future still counts (instances' clocks differ by a
 * little); anything later is treated as never proven.
 */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** The level a session really has: two factors only when one was proven in it. */
export function effectiveLevel(subject: { level: string; factorProvenAt: Date | null }): SessionLevel {
  if (subject.level === 'two_factor') return subject.factorProvenAt ? 'two_factor' : 'one_factor';
  return subject.level === 'one_factor' ? 'one_factor' : 'none';
}

/** Whether `provenAt` lies within the last `ttlMs` (a small clock skew forward allowed). */
export function provenWithin(provenAt: Date | null, ttlMs: number, now: Date): boolean {
  if (!provenAt) return false;
  const age = now.getTime() - provenAt.getTime();
  if (!Number.isFinite(age)) return false;
  return age >= -MAX_CLOCK_SKEW_MS && age < ttlMs;
}

/** Which proof sudo mode asks of this user. */
export function sudoProofOf(subject: Pick<AssuranceSubject, 'hasFactor'>): SudoProof {
  return subject.hasFactor ? 'factor' : 'password';
}

/** Whether the session is in sudo mode now: the user's proof (factor, else password) is fresh. */
export function inSudoMode(subject: AssuranceSubject, settings: Pick<AssuranceSettings, 'sudoTtlMs'>, now: Date): boolean {
  if (effectiveLevel(subject) === 'none') return false;
  if (subject.hasFactor) return effectiveLevel(subject) === 'two_factor' && provenWithin(subject.factorProvenAt, settings.sudoTtlMs, now);
  return provenWithin(subject.passwordProvenAt, settings.sudoTtlMs, now);
}

/** The one decision: may this session do what needs `requirement` now, and if not, what first. */
export function judgeAccess(requirement: Requirement, subject: AssuranceSubject, settings: AssuranceSettings, now: Date): AssuranceVerdict {
  if (requirement === 'public') return { ok: true };
  const level = effectiveLevel(subject);
  if (level === 'none') return { ok: false, need: 'sign-in' };
  if (requirement === 'user') return { ok: true };
  if (requirement === 'user-2fa') return subject.hasFactor && level !== 'two_factor' ? { ok: false, need: 'second-factor' } : { ok: true };
  // admin and admin-sudo
  if (!subject.isAdmin) return { ok: false, need: 'not-found' };
  if (subject.hasFactor && level !== 'two_factor') return { ok: false, need: 'second-factor' };
  if (!subject.hasFactor && settings.adminsMustUseSecondFactor) return { ok: false, need: 'enroll-factor' };
  if (requirement === 'admin') return { ok: true };
  return inSudoMode(subject, settings, now) ? { ok: true } : { ok: false, need: 'sudo', prove: sudoProofOf(subject) };
}

/** The subject of a request without a valid session. */
export const ANONYMOUS: AssuranceSubject = { level: 'none', hasFactor: false, isAdmin: false, factorProvenAt: null, passwordProvenAt: null };
