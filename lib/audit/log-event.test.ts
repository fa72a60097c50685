import { describe, expect, it } from 'vitest';
import { sanitizeAuditData } from './log-event';

const parsed = (data: Parameters<typeof sanitizeAuditData>[0]) => {
  const json = sanitizeAuditData(data);
  return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
};

describe('sanitizeAuditData', () => {
  it('returns null for no data', () => {
    expect(sanitizeAuditData(undefined)).toBeNull();
    expect(sanitizeAuditData({})).toBeNull();
  });

  it('keeps ordinary values as JSON', () => {
    const data = { username: 'anna', ip: '198.51.100.7', count: 3, ok: true, reason: null };
    expect(sanitizeAuditData(data)).toBe(JSON.stringify(data));
  });

  it.each([
    'password',
    'newPassword',
    'oldPassword',
    'passwordHash',
    'token',
    'sessionToken',
    'accessToken',
    'secret',
    'clientSecret',
    'tokenHash',
    'hash',
    'code',
    'totpCode',
    'recoveryCode',
    'apiKey',
    'key',
    'api_key',
    'cookie',
    'setCookie',
    'otp',
    'OTP',
    'totpSeed',
    'seed',
    'PASSWORD',
    'Secret',
  ])('drops %s', (key) => {
    expect(parsed({ [key]: 'sensitive', username: 'anna' })).toEqual({ username: 'anna' });
  });

  it('returns null when every key was secret', () => {
    expect(sanitizeAuditData({ password: 'x', token: 'y' })).toBeNull();
  });

  it('drops a secret key whatever its value type', () => {
    expect(sanitizeAuditData({ code: 123456, otp: null, secret: true })).toBeNull();
  });

  it('caps long strings at 300 characters', () => {
    const result = parsed({ note: 'x'.repeat(1000), short: 'ok' });
    expect(result!.note).toBe('x'.repeat(300));
    expect(result!.short).toBe('ok');
  });

  it('keeps a string of exactly 300 characters whole', () => {
    expect(parsed({ note: 'y'.repeat(300) })!.note).toHaveLength(300);
  });

  it('leaves numbers, booleans and null unchanged', () => {
    expect(parsed({ n: 1e12, b: false, z: null })).toEqual({ n: 1e12, b: false, z: null });
  });
});
