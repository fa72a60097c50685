import { describe, expect, it } from 'vitest';
import { verifyFlavourOf } from './handle';

describe('verifyFlavourOf', () => {
  it.each([
    ['/api/verify', 'auth-request'],
    ['/api/verify?rd=x', 'auth-request'],
    ['/api/authz/auth-request', 'auth-request'],
    ['/api/verify/forward-auth', 'forward-auth'],
    ['/api/authz/forward-auth?x=1', 'forward-auth'],
  ])('%s → %s', (url, flavour) => expect(verifyFlavourOf(url)).toBe(flavour));

  it.each(['/', '/api/health', '/api/verify/', '/api/verifyx', '/API/verify', '/sign-in', undefined])('%s is not a verify path', (url) => {
    expect(verifyFlavourOf(url)).toBeNull();
  });
});
