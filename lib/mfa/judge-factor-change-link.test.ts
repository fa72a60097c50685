import { describe, expect, it } from 'vitest';
import { judgeFactorChangeLink, type FactorChangeLinkRow } from './judge-factor-change-link';

const now = new Date('2026-11-23T10:00:00Z');
const row = (overrides: Partial<FactorChangeLinkRow> = {}): FactorChangeLinkRow => ({
  id: 'link-1',
  purpose: 'device_link',
  userId: 'user-1',
  expiresAt: new Date(now.getTime() + 60_000),
  usedAt: null,
  deviceHash: 'a'.repeat(64),
  action: 'add_totp',
  data: JSON.stringify({ returnTo: '/security' }),
  ...overrides,
});
const mine = { userId: 'user-1', browserHash: 'a'.repeat(64), now };

describe('judgeFactorChangeLink', () => {
  it('lets the user who asked use it in the browser that asked, before it expires', () => {
    expect(judgeFactorChangeLink(row(), mine)).toEqual({
      status: 'ok',
      id: 'link-1',
      action: 'add_totp',
      factorId: null,
      returnTo: '/security',
      expiresAt: row().expiresAt,
    });
  });

  it('carries the factor a removal link is for', () => {
    expect(judgeFactorChangeLink(row({ action: 'remove_factor', data: JSON.stringify({ factorId: 'f-9' }) }), mine)).toMatchObject({
      status: 'ok',
      action: 'remove_factor',
      factorId: 'f-9',
      returnTo: null,
    });
  });

  it('accepts a link stored without extra data', () => {
    expect(judgeFactorChangeLink(row({ data: null }), mine)).toMatchObject({ status: 'ok', factorId: null, returnTo: null });
  });

  it('is invalid when there is no such link', () => {
    expect(judgeFactorChangeLink(null, mine)).toEqual({ status: 'invalid' });
  });

  it.each([
    ['another purpose (a password link)', { purpose: 'password_set' }],
    ['no action', { action: null }],
    ['an unknown action', { action: 'delete_account' }],
    ['unreadable data', { data: '{not json' }],
    ['data that is not an object', { data: '["f-1"]' }],
    ['a factor id that is not a string', { data: JSON.stringify({ factorId: 42 }) }],
    ['a return address that is not a string', { data: JSON.stringify({ returnTo: { href: 'https://evil.test' } }) }],
  ])('is invalid for %s', (_label, overrides) => {
    expect(judgeFactorChangeLink(row(overrides), mine)).toEqual({ status: 'invalid' });
  });

  it('says "used" once it has been used, even in the right browser', () => {
    expect(judgeFactorChangeLink(row({ usedAt: new Date(now.getTime() - 1000) }), mine)).toEqual({ status: 'used' });
  });

  it('expires at its expiry instant, not a millisecond later', () => {
    expect(judgeFactorChangeLink(row({ expiresAt: now }), mine)).toEqual({ status: 'expired' });
    expect(judgeFactorChangeLink(row({ expiresAt: new Date(now.getTime() + 1) }), mine).status).toBe('ok');
  });

  it('refuses another account', () => {
    expect(judgeFactorChangeLink(row(), { ...mine, userId: 'user-2' })).toEqual({ status: 'other-user' });
    expect(judgeFactorChangeLink(row({ userId: null }), mine)).toEqual({ status: 'other-user' });
  });

  it('refuses another browser, a browser without a device cookie, and a link stored without one', () => {
    expect(judgeFactorChangeLink(row(), { ...mine, browserHash: 'b'.repeat(64) })).toEqual({ status: 'other-browser' });
    expect(judgeFactorChangeLink(row(), { ...mine, browserHash: null })).toEqual({ status: 'other-browser' });
    expect(judgeFactorChangeLink(row({ deviceHash: null }), { ...mine, browserHash: null })).toEqual({ status: 'other-browser' });
    expect(judgeFactorChangeLink(row({ deviceHash: '' }), { ...mine, browserHash: '' })).toEqual({ status: 'other-browser' });
  });

  it('reports "used" and "expired" before "other browser" so the page says what would help', () => {
    const elsewhere = { ...mine, browserHash: 'b'.repeat(64) };
    expect(judgeFactorChangeLink(row({ usedAt: now }), elsewhere).status).toBe('used');
    expect(judgeFactorChangeLink(row({ expiresAt: now }), elsewhere).status).toBe('expired');
  });
});
