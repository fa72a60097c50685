import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  MAX_CLOCK_SKEW_MS,
  REQUIREMENTS,
  effectiveLevel,
  inSudoMode,
  judgeAccess,
  provenWithin,
  type AssuranceSettings,
  type AssuranceSubject,
  type AssuranceVerdict,
  type Requirement,
  type SessionLevel,
} from './assurance';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const TTL = 10 * 60_000;
const at = (msAgo: number) => new Date(NOW.getTime() - msAgo);

/** Proof times that matter: never, fresh, just inside, exactly at the TTL, stale, slightly ahead, far ahead. */
const PROOFS: Record<string, Date | null> = {
  never: null,
  fresh: at(1_000),
  'just inside': at(TTL - 1),
  'at the TTL': at(TTL),
  stale: at(3 * TTL),
  'slightly ahead': at(-MAX_CLOCK_SKEW_MS),
  'far ahead': at(-MAX_CLOCK_SKEW_MS - 1),
};
const FRESH = new Set(['fresh', 'just inside', 'slightly ahead']);
const LEVELS: SessionLevel[] = ['none', 'one_factor', 'two_factor'];

/**
 * The model restated case by case, in the words of the decision (not the code's order), for the
 * exhaustive comparison below.
 */
function oracle(
  requirement: Requirement,
  s: { level: SessionLevel; hasFactor: boolean; isAdmin: boolean; factor: string; password: string },
  adminsMust: boolean,
): AssuranceVerdict {
  const signedIn = s.level !== 'none';
  // Two factors count only when a factor was proven in the session (at any time).
  const twoFactors = s.level === 'two_factor' && s.factor !== 'never';
  if (requirement === 'public') return { ok: true };
  if (!signedIn) return { ok: false, need: 'sign-in' };
  if (requirement === 'user') return { ok: true };
  if (requirement === 'user-2fa') return !s.hasFactor || twoFactors ? { ok: true } : { ok: false, need: 'second-factor' };
  if (!s.isAdmin) return { ok: false, need: 'not-found' };
  if (s.hasFactor && !twoFactors) return { ok: false, need: 'second-factor' };
  if (!s.hasFactor && adminsMust) return { ok: false, need: 'enroll-factor' };
  if (requirement === 'admin') return { ok: true };
  const fresh = s.hasFactor ? FRESH.has(s.factor) : FRESH.has(s.password);
  return fresh ? { ok: true } : { ok: false, need: 'sudo', prove: s.hasFactor ? 'factor' : 'password' };
}

describe('judgeAccess over every combination', () => {
  const cases: [Requirement, SessionLevel, boolean, boolean, string, string, boolean][] = [];
  for (const requirement of REQUIREMENTS)
    for (const level of LEVELS)
      for (const hasFactor of [false, true])
        for (const isAdmin of [false, true])
          for (const factor of Object.keys(PROOFS))
            for (const password of Object.keys(PROOFS))
              for (const adminsMust of [false, true]) cases.push([requirement, level, hasFactor, isAdmin, factor, password, adminsMust]);

  it(`agrees with the decision as written (${cases.length} cases)`, () => {
    expect(cases.length).toBe(5 * 3 * 2 * 2 * 7 * 7 * 2);
    const disagreements: string[] = [];
    for (const [requirement, level, hasFactor, isAdmin, factor, password, adminsMust] of cases) {
      const subject: AssuranceSubject = { level, hasFactor, isAdmin, factorProvenAt: PROOFS[factor]!, passwordProvenAt: PROOFS[password]! };
      const got = judgeAccess(requirement, subject, { adminsMustUseSecondFactor: adminsMust, sudoTtlMs: TTL }, NOW);
      const want = oracle(requirement, { level, hasFactor, isAdmin, factor, password }, adminsMust);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        disagreements.push(
          `${requirement} level=${level} factor?${hasFactor} admin?${isAdmin} factorProven=${factor} passwordProven=${password} adminsMust=${adminsMust}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('judgeAccess: the cases the issue names', () => {
  const settings: AssuranceSettings = { adminsMustUseSecondFactor: true, sudoTtlMs: TTL };
  const admin = (over: Partial<AssuranceSubject>): AssuranceSubject => ({
    level: 'one_factor',
    hasFactor: true,
    isAdmin: true,
    factorProvenAt: null,
    passwordProvenAt: at(5_000),
    ...over,
  });

  it('an admin with a factor, signed in with the password only, reaches no admin page or action', () => {
    for (const requirement of ['admin', 'admin-sudo'] as const)
      expect(judgeAccess(requirement, admin({}), settings, NOW)).toEqual({ ok: false, need: 'second-factor' });
    expect(judgeAccess('user', admin({}), settings, NOW)).toEqual({ ok: true });
  });

  it('nor can that session change the factors (user-2fa)', () => {
    expect(judgeAccess('user-2fa', admin({}), settings, NOW)).toEqual({ ok: false, need: 'second-factor' });
  });

  it('a stored two_factor level without a proven factor counts as one factor', () => {
    expect(effectiveLevel({ level: 'two_factor', factorProvenAt: null })).toBe('one_factor');
    expect(judgeAccess('admin', admin({ level: 'two_factor' }), settings, NOW)).toEqual({ ok: false, need: 'second-factor' });
  });

  it('an admin without a factor is led to enrol while the setting is on, and may in when it is off', () => {
    const noFactor = admin({ hasFactor: false });
    expect(judgeAccess('admin', noFactor, settings, NOW)).toEqual({ ok: false, need: 'enroll-factor' });
    expect(judgeAccess('admin', noFactor, { ...settings, adminsMustUseSecondFactor: false }, NOW)).toEqual({ ok: true });
    // Sudo for a user without a factor is the password, proven recently.
    expect(judgeAccess('admin-sudo', noFactor, { ...settings, adminsMustUseSecondFactor: false }, NOW)).toEqual({ ok: true });
    expect(judgeAccess('admin-sudo', { ...noFactor, passwordProvenAt: at(TTL) }, { ...settings, adminsMustUseSecondFactor: false }, NOW)).toEqual({
      ok: false,
      need: 'sudo',
      prove: 'password',
    });
  });

  it('sudo needs the factor proven within the TTL; a fresh password does not stand in for it', () => {
    const twoFactor = admin({ level: 'two_factor', factorProvenAt: at(TTL + 1), passwordProvenAt: NOW });
    expect(judgeAccess('admin', twoFactor, settings, NOW)).toEqual({ ok: true });
    expect(judgeAccess('admin-sudo', twoFactor, settings, NOW)).toEqual({ ok: false, need: 'sudo', prove: 'factor' });
    expect(judgeAccess('admin-sudo', { ...twoFactor, factorProvenAt: at(TTL - 1) }, settings, NOW)).toEqual({ ok: true });
  });

  it('a non-admin learns nothing from admin requirements, whatever their session', () => {
    for (const level of ['one_factor', 'two_factor'] as const) {
      const user: AssuranceSubject = { level, hasFactor: true, isAdmin: false, factorProvenAt: NOW, passwordProvenAt: NOW };
      expect(judgeAccess('admin-sudo', user, settings, NOW)).toEqual({ ok: false, need: 'not-found' });
    }
  });

  it('without a session, everything but public asks to sign in', () => {
    for (const requirement of REQUIREMENTS)
      expect(judgeAccess(requirement, ANONYMOUS, settings, NOW)).toEqual(requirement === 'public' ? { ok: true } : { ok: false, need: 'sign-in' });
  });
});

describe('provenWithin', () => {
  it('is true strictly inside the TTL, and for a proof at most the clock skew ahead', () => {
    expect(provenWithin(at(0), TTL, NOW)).toBe(true);
    expect(provenWithin(at(TTL - 1), TTL, NOW)).toBe(true);
    expect(provenWithin(at(TTL), TTL, NOW)).toBe(false);
    expect(provenWithin(at(-MAX_CLOCK_SKEW_MS), TTL, NOW)).toBe(true);
    expect(provenWithin(at(-MAX_CLOCK_SKEW_MS - 1), TTL, NOW)).toBe(false);
    expect(provenWithin(null, TTL, NOW)).toBe(false);
    expect(provenWithin(new Date(Number.NaN), TTL, NOW)).toBe(false);
  });
});

// Generated subjects: the properties any sound model must have.
const arbDate = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5 * TTL, max: 5 * TTL }).map((ago) => at(ago)),
);
const arbSubject: fc.Arbitrary<AssuranceSubject> = fc.record({
  level: fc.constantFrom<SessionLevel>('none', 'one_factor', 'two_factor'),
  hasFactor: fc.boolean(),
  isAdmin: fc.boolean(),
  factorProvenAt: arbDate,
  passwordProvenAt: arbDate,
});
const arbSettings: fc.Arbitrary<AssuranceSettings> = fc.record({
  adminsMustUseSecondFactor: fc.boolean(),
  sudoTtlMs: fc.integer({ min: 60_000, max: 12 * 3_600_000 }),
});
const ORDER: Requirement[] = ['public', 'user', 'user-2fa', 'admin', 'admin-sudo'];

describe('judgeAccess properties', () => {
  it('allowed for a requirement means allowed for every weaker one', () => {
    fc.assert(
      fc.property(arbSubject, arbSettings, (subject, settings) => {
        const allowed = ORDER.map((r) => judgeAccess(r, subject, settings, NOW).ok);
        for (let i = 1; i < allowed.length; i++) if (allowed[i]) expect(allowed[i - 1]).toBe(true);
      }),
    );
  });

  it('proving a factor now never takes anything away, and a stored level alone never grants anything', () => {
    fc.assert(
      fc.property(arbSubject, arbSettings, fc.constantFrom(...REQUIREMENTS), (subject, settings, requirement) => {
        const before = judgeAccess(requirement, subject, settings, NOW).ok;
        if (subject.level !== 'none' && subject.hasFactor) {
          expect(before ? judgeAccess(requirement, { ...subject, level: 'two_factor', factorProvenAt: NOW }, settings, NOW).ok : true).toBe(true);
        }
        // Marking a session two_factor without a proof changes nothing.
        if (subject.level === 'one_factor' && subject.factorProvenAt === null) {
          expect(judgeAccess(requirement, { ...subject, level: 'two_factor' }, settings, NOW)).toEqual(judgeAccess(requirement, subject, settings, NOW));
        }
      }),
    );
  });

  it('every refusal says what to do, and sudo only ever follows the admin checks', () => {
    fc.assert(
      fc.property(arbSubject, arbSettings, fc.constantFrom(...REQUIREMENTS), (subject, settings, requirement) => {
        const verdict = judgeAccess(requirement, subject, settings, NOW);
        if (verdict.ok) return;
        expect(['sign-in', 'not-found', 'second-factor', 'enroll-factor', 'sudo']).toContain(verdict.need);
        if (verdict.need === 'sudo') {
          expect(requirement).toBe('admin-sudo');
          expect(judgeAccess('admin', subject, settings, NOW)).toEqual({ ok: true });
          expect(inSudoMode(subject, settings, NOW)).toBe(false);
        }
        if (verdict.need === 'not-found') expect(subject.isAdmin).toBe(false);
      }),
    );
  });

  it('a longer TTL never refuses what a shorter one allowed', () => {
    fc.assert(
      fc.property(arbSubject, arbSettings, fc.integer({ min: 0, max: 3_600_000 }), (subject, settings, extra) => {
        if (judgeAccess('admin-sudo', subject, settings, NOW).ok)
          expect(judgeAccess('admin-sudo', subject, { ...settings, sudoTtlMs: settings.sudoTtlMs + extra }, NOW).ok).toBe(true);
      }),
    );
  });
});
