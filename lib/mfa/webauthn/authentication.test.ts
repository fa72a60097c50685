import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { counterAdvanced, userHandleMatches } from './authentication';
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

describe('userHandleMatches', () => {
  const owner = 'cmf0user0000000000000000';
  const imported = Buffer.from('=ckBRe.%fp{w#K[qw4)AWMZrAP)(z3NUt5n3g?;>^Rp>+eE4z>[^.<3?&n;LM#w', 'utf8').toString('base64url');

  it("takes the stored handle when there is one, else the owner's id", () => {
    expect(userHandleMatches(Buffer.from(owner).toString('base64url'), { userId: owner, userHandle: null })).toBe(true);
    expect(userHandleMatches(imported, { userId: owner, userHandle: imported })).toBe(true);
    expect(userHandleMatches(Buffer.from(owner).toString('base64url'), { userId: owner, userHandle: imported })).toBe(false);
    expect(userHandleMatches(imported, { userId: owner, userHandle: null })).toBe(false);
  });

  it('refuses every other handle, malformed or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 96 }).map((b) => Buffer.from(b).toString('base64url')),
        ),
        (handle) => {
          fc.pre(handle !== imported);
          expect(userHandleMatches(handle, { userId: owner, userHandle: imported })).toBe(false);
        },
      ),
    );
  });
});
