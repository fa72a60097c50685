import { describe, expect, it } from 'vitest';
import { ADMIN_GROUP, USER_STATUSES, accountGate, isAdmin } from './account-gate';

describe('accountGate', () => {
  it.each([null, undefined])('refuses a missing user (%s)', (user) => {
    expect(accountGate(user)).toEqual({ ok: false, reason: 'missing', message: 'This account does not exist.' });
  });

  it('lets an active user through', () => {
    expect(accountGate({ status: 'active' })).toEqual({ ok: true });
  });

  it.each(['pending', 'disabled', 'rejected'] as const)('refuses a %s user with its own reason', (status) => {
    const result = accountGate({ status });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(status);
    expect(typeof result.message).toBe('string');
    expect(result.message.length).toBeGreaterThan(10);
  });

  it('gives each refused status a distinct message', () => {
    const messages = (['pending', 'disabled', 'rejected'] as const).map((status) => {
      const result = accountGate({ status });
      return result.ok ? '' : result.message;
    });
    expect(new Set(messages).size).toBe(3);
    expect(messages[0]).toMatch(/approve/);
    expect(messages[1]).toMatch(/disabled/);
    expect(messages[2]).toMatch(/declined/);
  });

  it('covers every known status', () => {
    expect([...USER_STATUSES].sort()).toEqual(['active', 'disabled', 'pending', 'rejected']);
    for (const status of USER_STATUSES) expect(accountGate({ status }).ok).toBe(status === 'active');
  });

  it.each(['ACTIVE', 'Active', 'active ', ' active', 'active\u0000', '', 'admin', 'approved', 'enabled', 'true', 'null', 'undefined'])(
    'fails closed on the unknown status %j',
    (status) => {
      expect(accountGate({ status })).toEqual({ ok: false, reason: 'unknown-status', message: 'This account cannot be used.' });
    },
  );

  // Names inherited from Object.prototype must not count as known statuses: the refusal would
  // carry reason "toString" and a function (or Object.prototype) as its message.
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])('treats the Object.prototype name %j as an unknown status', (status) => {
    expect(accountGate({ status })).toEqual({ ok: false, reason: 'unknown-status', message: 'This account cannot be used.' });
  });

  it('fails closed on a status that is not a string', () => {
    for (const status of [undefined, null, 1, true, {}, ['active']] as unknown as string[]) {
      expect(accountGate({ status }).ok).toBe(false);
    }
  });
});

describe('isAdmin', () => {
  it('is true only with the admins group', () => {
    expect(ADMIN_GROUP).toBe('admins');
    expect(isAdmin(['admins'])).toBe(true);
    expect(isAdmin(['family', 'admins'])).toBe(true);
    expect(isAdmin([])).toBe(false);
    expect(isAdmin(['admin'])).toBe(false);
    expect(isAdmin(['Admins'])).toBe(false);
    expect(isAdmin(['admins '])).toBe(false);
    expect(isAdmin(['administrators', 'family'])).toBe(false);
  });
});
