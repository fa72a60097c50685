import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyTooLarge, requestTargetProblem } from './request-target';

describe('requestTargetProblem', () => {
  it.each(['/', '/sign-in?rd=https%3A%2F%2Fapp.example.test%2F', '/password/abc-DEF_123', '/caf%C3%A9', '/a%2Fb', '/x?q=%zz'])('serves %s', (url) => {
    expect(requestTargetProblem(url)).toBeNull();
  });

  it.each([
    ['absolute form', 'http://evil.test/security'],
    ['absolute form, https', 'https://auth.example.test/'],
    ['asterisk form', '*'],
    ['authority form', 'evil.test:443'],
    ['empty', ''],
    ['invalid escape', '/password/%zz'],
    ['truncated escape', '/password/%E2%80'],
    ['overlong UTF-8', '/setup/%c0%af'],
    ['lone surrogate', '/x/%ED%A0%80'],
  ])('refuses %s (%s)', (_name, url) => {
    expect(requestTargetProblem(url)).toMatch(/./);
  });

  it('refuses every target that does not start with a slash', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.startsWith('/')),
        (url) => requestTargetProblem(url) !== null,
      ),
    );
  });

  it('serves every path that is escaped UTF-8', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 5 }),
        (segments) => requestTargetProblem(`/${segments.map(encodeURIComponent).join('/')}`) === null,
      ),
    );
  });
});

describe('bodyTooLarge', () => {
  it.each([
    [undefined, false],
    ['0', false],
    ['2097152', false],
    ['2097153', true],
    ['-1', true],
    ['1e9', true],
    ['abc', true],
    ['', false],
  ] as const)('Content-Length %s → %s', (length, tooLarge) => {
    expect(bodyTooLarge(length, 2_097_152)).toBe(tooLarge);
  });
});
