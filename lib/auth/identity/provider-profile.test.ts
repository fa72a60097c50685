import { describe, expect, it } from 'vitest';
import { identityFromClaims, identityFromGithub } from './provider-profile';

// Shapes from GitHub's REST docs (GET /user, GET /user/emails) and Google's OpenID Connect docs.
const GITHUB_USER = { login: 'octocat', id: 1, node_id: 'MDQ6VXNlcjE=', name: 'monalisa octocat', email: 'octocat@github.com', type: 'User' };
const GITHUB_EMAILS = [
  { email: 'octocat@github.com', verified: true, primary: true, visibility: 'public' },
  { email: 'old@example.com', verified: false, primary: false, visibility: null },
];
const GOOGLE_CLAIMS = {
  iss: 'https://accounts.google.com',
  sub: '110169484474386276334',
  email: 'Jane.Doe@gmail.com',
  email_verified: true,
  name: 'Jane Doe',
  given_name: 'Jane',
  family_name: 'Doe',
  picture: 'https://…',
};

describe('GitHub', () => {
  it('uses the numeric id as subject and the primary verified email', () => {
    expect(identityFromGithub(GITHUB_USER, GITHUB_EMAILS)).toEqual({
      provider: 'github',
      subject: '1',
      email: 'octocat@github.com',
      emailVerified: true,
      name: 'monalisa octocat',
      username: 'octocat',
    });
  });

  it('falls back to another verified email when the primary one is not verified', () => {
    const emails = [
      { email: 'primary@example.com', verified: false, primary: true },
      { email: 'second@example.com', verified: true, primary: false },
    ];
    expect(identityFromGithub(GITHUB_USER, emails)).toMatchObject({ email: 'second@example.com', emailVerified: true });
  });

  it('does not trust the public profile email alone', () => {
    expect(identityFromGithub(GITHUB_USER, null)).toMatchObject({ email: 'octocat@github.com', emailVerified: false });
    expect(identityFromGithub({ ...GITHUB_USER, email: null }, [])).toMatchObject({ email: null, emailVerified: false });
  });

  it('refuses a profile without an id', () => {
    expect(identityFromGithub({ login: 'x' }, GITHUB_EMAILS)).toBeNull();
  });
});

describe('Google and OpenID Connect claims', () => {
  it("reads Google's claims, lower-casing the email", () => {
    expect(identityFromClaims('google', GOOGLE_CLAIMS)).toEqual({
      provider: 'google',
      subject: '110169484474386276334',
      email: 'jane.doe@gmail.com',
      emailVerified: true,
      name: 'Jane Doe',
      username: null,
    });
  });

  it('accepts email_verified as the string "true" but nothing else', () => {
    expect(identityFromClaims('kc', { sub: 'a', email: 'a@x.example', email_verified: 'true' })!.emailVerified).toBe(true);
    for (const value of ['yes', 1, 'TRUE ', undefined, null, false, 'false']) {
      expect(identityFromClaims('kc', { sub: 'a', email: 'a@x.example', email_verified: value })!.emailVerified).toBe(false);
    }
  });

  it('has no email when the provider gives none or a malformed one', () => {
    expect(identityFromClaims('kc', { sub: 'a', email_verified: true })).toMatchObject({ email: null, emailVerified: false });
    expect(identityFromClaims('kc', { sub: 'a', email: 'not an email', email_verified: true })).toMatchObject({ email: null, emailVerified: false });
    expect(identityFromClaims('kc', { sub: 'a', email: ['a@x.example'], email_verified: true })).toMatchObject({ email: null });
  });

  it('builds a name from given and family names, and takes preferred_username as the username hint', () => {
    expect(identityFromClaims('kc', { sub: 'a', given_name: 'Zoë', family_name: 'Weiß', preferred_username: 'zoe' })).toMatchObject({
      name: 'Zoë Weiß',
      username: 'zoe',
    });
  });

  it('refuses claims without a subject', () => {
    expect(identityFromClaims('kc', { email: 'a@x.example' })).toBeNull();
    expect(identityFromClaims('kc', { sub: '   ' })).toBeNull();
  });
});
