import { describe, expect, it } from 'vitest';
import { parseSignupConfig } from './signup';

const problems = (vars: Record<string, string>) => parseSignupConfig(vars).problems.join('\n');

describe('sign-in providers from the environment', () => {
  it('has no providers, approval for everyone, and email links by default', () => {
    expect(parseSignupConfig({})).toEqual({
      config: { providers: [], policy: 'open-with-approval', autoApproveDomains: [], approvedEmails: [], emailSignIn: true },
      problems: [],
    });
  });

  it('reads GitHub and Google with default names', () => {
    const { config } = parseSignupConfig({
      GATEHOUSE_GITHUB_CLIENT_ID: 'gh-id',
      GATEHOUSE_GITHUB_CLIENT_SECRET: 'gh-secret',
      GATEHOUSE_GOOGLE_CLIENT_ID: 'g-id',
      GATEHOUSE_GOOGLE_CLIENT_SECRET: 'g-secret',
      GATEHOUSE_GOOGLE_NAME: 'Google Workspace',
    });
    expect(config.providers).toEqual([
      { kind: 'github', id: 'github', name: 'GitHub', clientId: 'gh-id', clientSecret: 'gh-secret' },
      { kind: 'google', id: 'google', name: 'Google Workspace', clientId: 'g-id', clientSecret: 'g-secret' },
    ]);
  });

  it('says which half of a GitHub or Google pair is missing', () => {
    expect(problems({ GATEHOUSE_GITHUB_CLIENT_ID: 'x' })).toMatch(
      /GitHub sign-in: set GATEHOUSE_GITHUB_CLIENT_ID and GATEHOUSE_GITHUB_CLIENT_SECRET together \(missing GATEHOUSE_GITHUB_CLIENT_SECRET\)/,
    );
    expect(problems({ GATEHOUSE_GOOGLE_CLIENT_SECRET: 'x' })).toMatch(/missing GATEHOUSE_GOOGLE_CLIENT_ID/);
  });

  it('reads any number of OpenID Connect providers by id', () => {
    const { config, problems: found } = parseSignupConfig({
      GATEHOUSE_OIDC_PROVIDERS: 'authentik, pocket-id',
      GATEHOUSE_OIDC_AUTHENTIK_ISSUER: 'https://auth.example.com/application/o/gatehouse/',
      GATEHOUSE_OIDC_AUTHENTIK_CLIENT_ID: 'a',
      GATEHOUSE_OIDC_AUTHENTIK_CLIENT_SECRET: 's',
      GATEHOUSE_OIDC_AUTHENTIK_NAME: 'authentik',
      GATEHOUSE_OIDC_POCKET_ID_ISSUER: 'http://127.0.0.1:4000',
      GATEHOUSE_OIDC_POCKET_ID_CLIENT_ID: 'p',
      GATEHOUSE_OIDC_POCKET_ID_SCOPES: 'openid email profile groups',
    });
    expect(found).toEqual([]);
    expect(config.providers).toEqual([
      {
        kind: 'oidc',
        id: 'authentik',
        name: 'authentik',
        issuer: 'https://auth.example.com/application/o/gatehouse',
        clientId: 'a',
        clientSecret: 's',
        scopes: ['openid', 'profile', 'email'],
      },
      {
        kind: 'oidc',
        id: 'pocket-id',
        name: 'pocket-id',
        issuer: 'http://127.0.0.1:4000',
        clientId: 'p',
        clientSecret: null,
        scopes: ['openid', 'email', 'profile', 'groups'],
      },
    ]);
  });

  it.each([
    [{ GATEHOUSE_OIDC_PROVIDERS: 'Bad_Id' }, /"bad_id" is not a valid provider id/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'github' }, /"github" is reserved.*GATEHOUSE_GITHUB_CLIENT_ID/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'credentials' }, /reserved/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'kc,kc', GATEHOUSE_OIDC_KC_ISSUER: 'https://kc.example', GATEHOUSE_OIDC_KC_CLIENT_ID: 'x' }, /listed twice/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'kc' }, /"kc": set GATEHOUSE_OIDC_KC_ISSUER and GATEHOUSE_OIDC_KC_CLIENT_ID/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'kc', GATEHOUSE_OIDC_KC_ISSUER: 'http://kc.example', GATEHOUSE_OIDC_KC_CLIENT_ID: 'x' }, /must be an https:\/\/ URL/],
    [{ GATEHOUSE_OIDC_PROVIDERS: 'kc', GATEHOUSE_OIDC_KC_ISSUER: 'https://u:p@kc.example', GATEHOUSE_OIDC_KC_CLIENT_ID: 'x' }, /without credentials/],
    [
      {
        GATEHOUSE_OIDC_PROVIDERS: 'kc',
        GATEHOUSE_OIDC_KC_ISSUER: 'https://kc.example',
        GATEHOUSE_OIDC_KC_CLIENT_ID: 'x',
        GATEHOUSE_OIDC_KC_SCOPES: 'profile email',
      },
      /must include openid/,
    ],
    [
      {
        GATEHOUSE_OIDC_PROVIDERS: 'kc',
        GATEHOUSE_OIDC_KC_ISSUER: 'https://kc.example',
        GATEHOUSE_OIDC_KC_CLIENT_ID: 'x',
        GATEHOUSE_OIDC_KC_SCOPES: 'openid profile',
      },
      /must include email/,
    ],
  ])('explains a broken OpenID Connect provider: %j', (vars, message) => {
    expect(problems(vars)).toMatch(message);
  });
});

describe('the signup policy from the environment', () => {
  it('reads auto-approve with its domains and the approved emails, lower-cased', () => {
    const { config } = parseSignupConfig({
      GATEHOUSE_SIGNUP_POLICY: 'auto-approve',
      GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS: 'Family.example, @work.example',
      GATEHOUSE_SIGNUP_APPROVED_EMAILS: 'Boss@Elsewhere.example',
    });
    expect(config).toMatchObject({
      policy: 'auto-approve',
      autoApproveDomains: ['family.example', 'work.example'],
      approvedEmails: ['boss@elsewhere.example'],
    });
  });

  it.each([
    [{ GATEHOUSE_SIGNUP_POLICY: 'open' }, /must be one of open-with-approval, auto-approve, closed/],
    [{ GATEHOUSE_SIGNUP_POLICY: 'auto-approve' }, /needs GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS/],
    [{ GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS: 'not a domain' }, /is not a domain name/],
    [{ GATEHOUSE_SIGNUP_APPROVED_EMAILS: 'nobody' }, /is not an email address/],
    [{ GATEHOUSE_EMAIL_SIGN_IN: 'maybe' }, /GATEHOUSE_EMAIL_SIGN_IN must be true or false/],
  ])('explains %j', (vars, message) => {
    expect(problems(vars)).toMatch(message);
  });

  it('turns email links off', () => {
    expect(parseSignupConfig({ GATEHOUSE_EMAIL_SIGN_IN: 'false' }).config.emailSignIn).toBe(false);
  });
});
