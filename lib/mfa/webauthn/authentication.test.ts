import { describe, expect, it } from 'vitest';
import { counterAdvanced } from './authentication';
import { relyingPartyOf } from './relying-party';

describe('counterAdvanced', () => {
  it('accepts a counter that grows', () => {
    expect(counterAdvanced(0, 1)).toBe(true);
    expect(counterAdvanced(41, 42)).toBe(true);
    expect(counterAdvanced(5, 1000)).toBe(true);
  });

  it('accepts an authenticator that does not count at all', () => {
    expect(counterAdvanced(0, 0)).toBe(true);
  });

  it('refuses a counter that stands still or goes back (a cloned key)', () => {
    expect(counterAdvanced(7, 7)).toBe(false);
    expect(counterAdvanced(7, 6)).toBe(false);
    expect(counterAdvanced(7, 0)).toBe(false);
  });
});

describe('relyingPartyOf', () => {
  it('takes the RP ID, name and origin from configuration', () => {
    expect(
      relyingPartyOf({ origin: 'https://auth.example.com', secondFactor: { rpId: 'example.com', rpName: 'Home', deviceLinkTtlMs: 1, totpIssuer: 'Home' } }),
    ).toEqual({
      rpId: 'example.com',
      rpName: 'Home',
      origin: 'https://auth.example.com',
    });
  });
});
