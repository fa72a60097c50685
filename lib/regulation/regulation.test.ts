import { describe, expect, it } from 'vitest';
import { SECOND_FACTOR_REGULATION, describeLock } from './regulation';

const now = new Date('2026-03-01T12:00:00Z');
const after = (ms: number) => new Date(now.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('SECOND_FACTOR_REGULATION', () => {
  it('locks for 10 minutes after 5 failures within 2 minutes', () => {
    expect(SECOND_FACTOR_REGULATION).toEqual({ maxFailures: 5, windowMs: 2 * MINUTE, banMs: 10 * MINUTE });
  });
});

describe('describeLock', () => {
  it.each([
    [10 * MINUTE, 'in 10 minutes'],
    [9 * MINUTE + 1, 'in 10 minutes'],
    [9 * MINUTE, 'in 9 minutes'],
    [8 * MINUTE + 30 * SECOND, 'in 9 minutes'],
    [2 * MINUTE, 'in 2 minutes'],
    [MINUTE + 1, 'in 2 minutes'],
    [MINUTE, 'in 1 minute'],
    [MINUTE - 1, 'in a moment'],
    [30 * SECOND, 'in a moment'],
    [1, 'in a moment'],
    [0, 'in a moment'],
    [-5 * SECOND, 'in a moment'],
  ])('%d ms before the end says "%s"', (ms, when) => {
    expect(describeLock(after(ms), now)).toBe(`Too many failed attempts. Try again ${when}.`);
  });

  it('reads naturally for a long lock', () => {
    expect(describeLock(after(90 * MINUTE), now)).toBe('Too many failed attempts. Try again in 90 minutes.');
  });
});
