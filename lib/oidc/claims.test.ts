import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicationAllows, claimsFor, emailVerifiedOf, idTokenClaims } from './claims';

const USER = { id: 'ckuser1', username: 'mia', displayName: 'Mia Example', email: 'mia@example.test', emailVerified: false, groups: ['work', 'family'] };

describe('claimsFor', () => {
  it('releases claims per scope, sub (the user id, never the username) always', () => {
    expect(claimsFor(USER, 'openid')).toEqual({ sub: 'ckuser1' });
    expect(claimsFor(USER, 'openid profile email groups')).toEqual({
      sub: 'ckuser1',
      name: 'Mia Example',
      preferred_username: 'mia',
      email: 'mia@example.test',
      email_verified: false,
      groups: ['family', 'work'],
    });
  });

  it('keeps the ID token to sub for clients that read claims at userinfo', () => {
    const claims = claimsFor(USER, 'openid profile');
    expect(idTokenClaims(claims, false)).toEqual({ sub: 'ckuser1' });
    expect(idTokenClaims(claims, true)).toBe(claims);
  });
});

describe('emailVerifiedOf', () => {
  it('is true only for an address proven by an email link or asserted verified by a linked provider', () => {
    expect(emailVerifiedOf({ email: 'a@x.test', signupMethod: 'email', identities: [] })).toBe(true);
    expect(emailVerifiedOf({ email: 'a@x.test', signupMethod: 'admin', identities: [] })).toBe(false);
    expect(emailVerifiedOf({ email: 'a@x.test', signupMethod: 'github', identities: [{ email: 'a@x.test', emailVerified: true }] })).toBe(true);
    expect(emailVerifiedOf({ email: 'a@x.test', signupMethod: 'github', identities: [{ email: 'b@x.test', emailVerified: true }] })).toBe(false);
    expect(emailVerifiedOf({ email: 'a@x.test', signupMethod: 'github', identities: [{ email: 'a@x.test', emailVerified: false }] })).toBe(false);
  });
});

describe('applicationAllows', () => {
  it('lets everyone in when no subjects are listed, else only listed users and members of listed groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('user:mia', 'user:otto', 'group:family', 'group:work', 'group:admins'), { maxLength: 4 }),
        fc.constantFrom('mia', 'otto', 'pia'),
        fc.subarray(['family', 'work', 'admins']),
        (listed, username, groups) => {
          const subjects: string[] = listed;
          const expected = subjects.length === 0 || subjects.includes(`user:${username}`) || groups.some((g) => subjects.includes(`group:${g}`));
          expect(applicationAllows(subjects, { username, groups })).toBe(expected);
        },
      ),
    );
  });
});
