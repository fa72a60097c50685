import { describe, expect, it } from 'vitest';
import { loggedPath, REDACTED } from './logged-path';

describe('loggedPath', () => {
  it('drops the query and the fragment', () => {
    expect(loggedPath('/api/verify?token=s3cr3t')).toBe('/api/verify');
    expect(loggedPath('/sign-in?rd=https%3A%2F%2Fapp#x')).toBe('/sign-in');
    expect(loggedPath('/a#frag?x=1')).toBe('/a');
    expect(loggedPath(undefined)).toBe('');
  });

  it('replaces the tokens of secret links and long opaque segments', () => {
    expect(loggedPath('/password/abcDEF123')).toBe(`/password/${REDACTED}`);
    expect(loggedPath('/setup/tok/next?x')).toBe(`/setup/${REDACTED}/next`);
    expect(loggedPath('/sign-in/email/xyz')).toBe(`/sign-in/email/${REDACTED}`);
    expect(loggedPath('/device/t0k3n')).toBe(`/device/${REDACTED}`);
    expect(loggedPath(`/anything/${'Zm9v'.repeat(8)}/rest`)).toBe(`/anything/${REDACTED}/rest`);
    expect(loggedPath('/admin/users')).toBe('/admin/users');
    expect(loggedPath('/password')).toBe('/password');
  });

  it('caps the length', () => {
    expect(loggedPath(`/${'a/'.repeat(400)}`).length).toBeLessThanOrEqual(257);
  });
});
