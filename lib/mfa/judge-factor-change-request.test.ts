import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FactorChangeRequestRow, judgeRequestForBrowser, whyUndecidable } from './judge-factor-change-request';

const now = new Date('2026-01-01T12:00:00Z');
const row = (over: Partial<FactorChangeRequestRow> = {}): FactorChangeRequestRow => ({
  id: 'r1',
  userId: 'u1',
  browserHash: 'b'.repeat(64),
  action: 'add_totp',
  status: 'pending',
  expiresAt: new Date(now.getTime() + 60_000),
  linkUsedAt: null,
  ...over,
});
const mine = { userId: 'u1', browserHash: 'b'.repeat(64), now };

describe('judgeRequestForBrowser', () => {
  it('follows the state machine for the asking browser', () => {
    expect(judgeRequestForBrowser(row(), mine)).toBe('pending');
    expect(judgeRequestForBrowser(row({ status: 'approved' }), mine)).toBe('approved');
    expect(judgeRequestForBrowser(row({ status: 'denied' }), mine)).toBe('denied');
    expect(judgeRequestForBrowser(row({ status: 'used' }), mine)).toBe('used');
    expect(judgeRequestForBrowser(row({ status: 'approved', linkUsedAt: now }), mine)).toBe('used');
    expect(judgeRequestForBrowser(row({ status: 'approved', expiresAt: now }), mine)).toBe('expired');
    expect(judgeRequestForBrowser(row({ expiresAt: new Date(now.getTime() - 1) }), mine)).toBe('expired');
  });

  it('tells another user, another browser, no browser or an unknown id nothing', () => {
    expect(judgeRequestForBrowser(null, mine)).toBe('none');
    expect(judgeRequestForBrowser(row({ status: 'approved' }), { ...mine, userId: 'u2' })).toBe('none');
    expect(judgeRequestForBrowser(row({ status: 'approved' }), { ...mine, browserHash: 'c'.repeat(64) })).toBe('none');
    expect(judgeRequestForBrowser(row({ status: 'approved' }), { ...mine, browserHash: null })).toBe('none');
    expect(judgeRequestForBrowser(row({ status: 'weird' }), mine)).toBe('none');
    expect(judgeRequestForBrowser(row({ action: 'become_admin' }), mine)).toBe('none');
  });

  it('never answers anything but none to a browser or user that is not the asking one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('pending', 'approved', 'denied', 'used', 'x'),
        fc.string(),
        fc.option(fc.string(), { nil: null }),
        fc.integer({ min: -1e6, max: 1e6 }),
        (status, userId, browserHash, offset) => {
          fc.pre(userId !== 'u1' || browserHash !== 'b'.repeat(64));
          const verdict = judgeRequestForBrowser(row({ status, expiresAt: new Date(now.getTime() + offset) }), { userId, browserHash, now });
          expect(verdict).toBe('none');
        },
      ),
    );
  });
});

describe('whyUndecidable', () => {
  it('lets another admin decide a pending, live request only', () => {
    expect(whyUndecidable(row(), { adminId: 'a1', now })).toBeNull();
    expect(whyUndecidable(row(), { adminId: 'u1', now })).toMatch(/own request/);
    expect(whyUndecidable(row({ status: 'approved' }), { adminId: 'a1', now })).toMatch(/already been approved/);
    expect(whyUndecidable(row({ status: 'used' }), { adminId: 'a1', now })).toMatch(/already been approved/);
    expect(whyUndecidable(row({ status: 'denied' }), { adminId: 'a1', now })).toMatch(/already been denied/);
    expect(whyUndecidable(row({ expiresAt: now }), { adminId: 'a1', now })).toMatch(/expired/);
    expect(whyUndecidable(row({ linkUsedAt: now }), { adminId: 'a1', now })).toMatch(/already been used/);
    expect(whyUndecidable(null, { adminId: 'a1', now })).toMatch(/no longer exists/);
  });
});
