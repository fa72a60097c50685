import { describe, expect, it } from 'vitest';
import { parseAuditFilterParams } from './filter-params';
import { formatRetention, parseRetention } from './retention';

describe('parseRetention', () => {
  it.each([
    ['forever', null],
    ['FOREVER', null],
    ['', null],
    ['30', 30],
    [' 365 ', 365],
    ['3650', 3650],
    [90, 90],
  ])('accepts %j', (input, value) => {
    expect(parseRetention(input)).toEqual({ ok: true, value });
  });
  it.each(['29', '0', '3651', '-30', '30.5', '1e3', 'abc', '99999999', '30 days'])('refuses %j', (input) => {
    expect(parseRetention(input).ok).toBe(false);
  });
  it('round-trips through formatRetention', () => {
    expect(parseRetention(formatRetention(null))).toEqual({ ok: true, value: null });
    expect(parseRetention(formatRetention(400))).toEqual({ ok: true, value: 400 });
  });
});

describe('parseAuditFilterParams', () => {
  it('keeps valid filters and drops the rest', () => {
    const { filter, query } = parseAuditFilterParams(new URLSearchParams('type=auth.sign_in&user=%20anna%20&from=2025-01-02&to=2025-01-03&before=99'));
    expect(filter).toEqual({
      type: 'auth.sign_in',
      username: 'anna',
      from: new Date('2025-01-02T00:00:00Z'),
      to: new Date('2025-01-04T00:00:00Z'),
      before: 99,
    });
    expect(query.toString()).toBe('type=auth.sign_in&user=anna&from=2025-01-02&to=2025-01-03');
  });
  it('ignores unknown types, bad days and bad cursors', () => {
    const { filter, query } = parseAuditFilterParams({ type: 'drop table', from: '2025-02-30', to: 'x', before: '1; --' });
    expect(filter).toEqual({ type: undefined, username: undefined, from: undefined, to: undefined, before: undefined });
    expect(query.size).toBe(0);
  });
});
