import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * DAY],
    ['12h', 12 * HOUR],
    ['30m', 30 * MINUTE],
    ['45s', 45 * SECOND],
    ['250ms', 250],
    ['2w', 14 * DAY],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1d2h3m4s5ms', DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5],
    ['1m500ms', MINUTE + 500],
    ['0s', 0],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('reads a bare number as seconds', () => {
    expect(parseDuration('90')).toBe(90 * SECOND);
    expect(parseDuration('0')).toBe(0);
  });

  it('ignores case', () => {
    expect(parseDuration('7D')).toBe(7 * DAY);
    expect(parseDuration('1H30M')).toBe(HOUR + 30 * MINUTE);
    expect(parseDuration('250MS')).toBe(250);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseDuration('  12h  ')).toBe(12 * HOUR);
    expect(parseDuration('\t90\n')).toBe(90 * SECOND);
  });

  it.each(['', '   ', 'abc', '7x', '-5m', '1.5h', '1h 30m', 'h', 'd7', '1e3', '+5m', '5 m', '1h-30m', '0x10s', '７d'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('refuses a sum that overflows the safe integer range', () => {
    expect(parseDuration('99999999999999999999d')).toBeNull();
    expect(parseDuration('9007199254740993ms')).toBeNull();
  });

  it('refuses a bare number of seconds that overflows the safe integer range', () => {
    expect(parseDuration('99999999999999999999999')).toBeNull();
  });

  it('accepts the largest safe value', () => {
    expect(parseDuration(`${Number.MAX_SAFE_INTEGER}ms`)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 seconds'],
    [500, '0 seconds'],
    [SECOND, '1 second'],
    [45 * SECOND, '45 seconds'],
    [MINUTE, '1 minute'],
    [5 * MINUTE, '5 minutes'],
    [HOUR, '1 hour'],
    [12 * HOUR, '12 hours'],
    [HOUR + 30 * MINUTE, '1 hour 30 minutes'],
    [DAY, '1 day'],
    [7 * DAY, '7 days'],
    [400 * DAY, '400 days'],
    [2 * DAY + 5 * MINUTE, '2 days 5 minutes'],
  ])('formats %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows at most the two largest parts', () => {
    expect(formatDuration(DAY + HOUR + MINUTE + SECOND)).toBe('1 day 1 hour');
  });

  it('round-trips with parseDuration for whole units', () => {
    expect(formatDuration(parseDuration('1h30m')!)).toBe('1 hour 30 minutes');
    expect(formatDuration(parseDuration('7d')!)).toBe('7 days');
  });
});
