import { describe, expect, it } from 'vitest';
import { GENERIC_SIGN_IN_PROBLEM, nextAuthErrorMessage } from './next-auth-errors';

describe('next-auth error codes', () => {
  it('explains a known code', () => expect(nextAuthErrorMessage('OAuthCallback')).toMatch(/could not be checked/));
  it('never echoes an unknown code', () => {
    expect(nextAuthErrorMessage('<script>alert(1)</script>')).toBe(GENERIC_SIGN_IN_PROBLEM);
    expect(nextAuthErrorMessage('__proto__')).toBe(GENERIC_SIGN_IN_PROBLEM);
  });
  it('says nothing without a code', () => expect(nextAuthErrorMessage(undefined)).toBeNull());
});
