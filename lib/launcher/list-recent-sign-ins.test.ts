import { describe, expect, it } from 'vitest';
import { describeSignInMethod } from './list-recent-sign-ins';

describe('describeSignInMethod', () => {
  const providers = { github: 'GitHub', 'corp-oidc': 'Corporate SSO' };

  it('names the methods Gatehouse records', () => {
    expect(describeSignInMethod('{"method":"password"}', providers)).toBe('Password');
    expect(describeSignInMethod('{"method":"passkey"}', providers)).toBe('Passkey');
    expect(describeSignInMethod('{"method":"email"}', providers)).toBe('Email link');
    expect(describeSignInMethod('{"method":"setup"}', providers)).toBe('Setup link');
    expect(describeSignInMethod('{"method":"password_link","rehashed":true}', providers)).toBe('Password link');
  });

  it('names a provider by its configured name, and an unknown one by its id, cut short', () => {
    expect(describeSignInMethod('{"method":"corp-oidc"}', providers)).toBe('Corporate SSO');
    expect(describeSignInMethod(`{"method":"${'x'.repeat(80)}"}`, providers)).toBe('x'.repeat(40));
  });

  it('says "Sign-in" for data it cannot read, never an inherited property name', () => {
    for (const data of [null, '', 'not json', '{"method":3}', '{}', '[]', 'null']) expect(describeSignInMethod(data, providers)).toBe('Sign-in');
    expect(describeSignInMethod('{"method":"toString"}', providers)).toBe('toString');
    expect(describeSignInMethod('{"method":"__proto__"}', providers)).toBe('__proto__');
  });
});
