import { describe, expect, it } from 'vitest';
import { addAmr, FACTOR_AMR, normalizeAmr } from './amr';

describe('amr', () => {
  it('says mfa once two distinct methods are proven', () => {
    expect(normalizeAmr(['pwd'])).toEqual(['pwd']);
    expect(addAmr(['pwd'], FACTOR_AMR.totp)).toEqual(['otp', 'pwd', 'mfa']);
    expect(normalizeAmr(['hwk', 'user'])).toEqual(['hwk', 'user', 'mfa']);
    expect(addAmr(['otp', 'pwd', 'mfa'], 'otp')).toEqual(['otp', 'pwd', 'mfa']);
    expect(addAmr(['pwd'], 'pwd')).toEqual(['pwd']);
    expect(addAmr([], undefined)).toEqual([]);
  });

  it('maps each second factor to its RFC 8176 value', () => {
    expect(FACTOR_AMR).toEqual({ totp: 'otp', recovery_code: 'otp', webauthn: 'hwk' });
  });
});
