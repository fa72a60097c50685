import { describe, expect, it } from 'vitest';
import { randomToken } from '../crypto';
import {
  SESSION_TOUCH_INTERVAL_MS,
  effectiveEnd,
  isWellFormedSessionToken,
  sessionExpiry,
  sessionState,
  shouldTouch,
  type SessionTimes,
} from './session-policy';

const T0 = new Date('2025-01-01T00:00:00.000Z').getTime();
const at = (ms: number) => new Date(T0 + ms);
const HOUR = 3_600_000;
const IDLE = 12 * HOUR;

function session(overrides: Partial<SessionTimes> = {}): SessionTimes {
  return { lastSeenAt: at(0), expiresAt: at(7 * 24 * HOUR), revokedAt: null, ...overrides };
}

describe('sessionState', () => {
  it('is active right after creation', () => {
    expect(sessionState(session(), at(0), IDLE)).toBe('active');
  });

  it('is active one millisecond before the idle cut-off', () => {
    expect(sessionState(session(), at(IDLE - 1), IDLE)).toBe('active');
  });

  it('is idle exactly at the idle cut-off', () => {
    expect(sessionState(session(), at(IDLE), IDLE)).toBe('idle');
  });

  it('is active one millisecond before expiry', () => {
    const s = session({ lastSeenAt: at(HOUR), expiresAt: at(2 * HOUR) });
    expect(sessionState(s, at(2 * HOUR - 1), IDLE)).toBe('active');
  });

  it('is expired exactly at expiry', () => {
    const s = session({ lastSeenAt: at(HOUR), expiresAt: at(2 * HOUR) });
    expect(sessionState(s, at(2 * HOUR), IDLE)).toBe('expired');
  });

  it('prefers expired over idle', () => {
    const s = session({ lastSeenAt: at(0), expiresAt: at(HOUR) });
    expect(sessionState(s, at(IDLE * 2), IDLE)).toBe('expired');
  });

  it('prefers revoked over everything', () => {
    const s = session({ revokedAt: at(10), expiresAt: at(HOUR) });
    expect(sessionState(s, at(20), IDLE)).toBe('revoked');
    expect(sessionState(s, at(IDLE * 2), IDLE)).toBe('revoked');
  });

  it('is revoked even when revoked in the future (any revokedAt counts)', () => {
    expect(sessionState(session({ revokedAt: at(HOUR) }), at(0), IDLE)).toBe('revoked');
  });

  it('uses the idle timeout passed in', () => {
    expect(sessionState(session(), at(5 * 60_000), 5 * 60_000)).toBe('idle');
    expect(sessionState(session(), at(5 * 60_000 - 1), 5 * 60_000)).toBe('active');
  });
});

describe('shouldTouch', () => {
  it('waits a full minute between writes', () => {
    expect(SESSION_TOUCH_INTERVAL_MS).toBe(60_000);
    expect(shouldTouch(at(0), at(0))).toBe(false);
    expect(shouldTouch(at(0), at(59_999))).toBe(false);
    expect(shouldTouch(at(0), at(60_000))).toBe(true);
    expect(shouldTouch(at(0), at(HOUR))).toBe(true);
  });

  it('does not touch when the clock went backwards', () => {
    expect(shouldTouch(at(HOUR), at(0))).toBe(false);
  });
});

describe('sessionExpiry', () => {
  it('adds the max age', () => {
    expect(sessionExpiry(at(0), 7 * 24 * HOUR)).toEqual(at(7 * 24 * HOUR));
  });
});

describe('effectiveEnd', () => {
  it('is the idle cut-off when it comes first', () => {
    expect(effectiveEnd(session(), IDLE)).toEqual(at(IDLE));
  });

  it('is the expiry when it comes first', () => {
    expect(effectiveEnd(session({ lastSeenAt: at(7 * 24 * HOUR - HOUR) }), IDLE)).toEqual(at(7 * 24 * HOUR));
  });

  it('is either when they coincide', () => {
    expect(effectiveEnd(session({ expiresAt: at(IDLE) }), IDLE)).toEqual(at(IDLE));
  });

  it('agrees with sessionState', () => {
    const s = session({ lastSeenAt: at(3 * HOUR) });
    const end = effectiveEnd(s, IDLE).getTime();
    expect(sessionState(s, new Date(end - 1), IDLE)).toBe('active');
    expect(sessionState(s, new Date(end), IDLE)).not.toBe('active');
  });
});

describe('isWellFormedSessionToken', () => {
  it('accepts 43 base64url characters', () => {
    expect(isWellFormedSessionToken(randomToken())).toBe(true);
    expect(isWellFormedSessionToken('A'.repeat(43))).toBe(true);
    expect(isWellFormedSessionToken(`${'aZ09-_'.repeat(7)}x`)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['42 characters', 'A'.repeat(42)],
    ['44 characters', 'A'.repeat(44)],
    ['standard base64 plus', `${'A'.repeat(42)}+`],
    ['standard base64 slash', `${'A'.repeat(42)}/`],
    ['padding', `${'A'.repeat(42)}=`],
    ['dot', `${'A'.repeat(42)}.`],
    ['space', `${'A'.repeat(42)} `],
    ['trailing newline', `${'A'.repeat(43)}\n`],
    ['leading space', ` ${'A'.repeat(43)}`],
    ['unicode letter', `${'A'.repeat(42)}é`],
    ['SQL', `' OR 1=1 --${'A'.repeat(32)}`],
  ])('refuses %s', (_, token) => {
    expect(isWellFormedSessionToken(token)).toBe(false);
  });

  it('refuses null and undefined', () => {
    expect(isWellFormedSessionToken(null)).toBe(false);
    expect(isWellFormedSessionToken(undefined)).toBe(false);
  });
});
