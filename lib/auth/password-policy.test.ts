import { describe, expect, it } from 'vitest';
import {
  BREACHED_MESSAGE,
  COMMON_WITH_AFFIXES_MESSAGE,
  PASSWORD_MIN_LENGTH,
  WORD_WITH_AFFIXES_MESSAGE,
  checkPasswordStrength,
  type PasswordVerdict,
} from './password-policy';
import { breachedPasswords } from './password-policy-list';

const STRONG_12 = 'Tq8#vLm2!xZp';
const PASSPHRASE = 'violet tractor umbrella sunrise 93';

function refusal(verdict: PasswordVerdict): string {
  if (verdict.ok) throw new Error('expected the password to be refused');
  return verdict.message;
}

function expectReadable(message: string) {
  expect(message).toMatch(/^[A-Z]/);
  expect(message).toMatch(/[.!]$/);
  expect(message).not.toMatch(/undefined|null|\[object|NaN/);
}

describe('checkPasswordStrength', () => {
  it('asks for a password when empty', () => {
    expect(refusal(checkPasswordStrength(''))).toBe('Enter a password.');
  });

  it('refuses 11 characters, saying the minimum', () => {
    const message = refusal(checkPasswordStrength('Xk9#mQ2$vLp'));
    expect(message).toContain(`at least ${PASSWORD_MIN_LENGTH} characters`);
    expectReadable(message);
  });

  it('accepts exactly 12 strong characters', () => {
    expect(STRONG_12).toHaveLength(12);
    expect(checkPasswordStrength(STRONG_12)).toEqual({ ok: true });
  });

  it('counts characters, not UTF-16 code units', () => {
    // 11 emoji are 22 code units but only 11 characters.
    const message = refusal(checkPasswordStrength('🔐🦊🌋🎻🧭🪁🛶🧩🪐🥨🦉'));
    expect(message).toContain('at least 12 characters');
  });

  it('refuses more than 256 characters', () => {
    const message = refusal(checkPasswordStrength(`${PASSPHRASE} `.repeat(8)));
    expect(message).toBe('Use at most 256 characters.');
  });

  it('does not refuse 256 characters for length', () => {
    const verdict = checkPasswordStrength(`${PASSPHRASE} `.repeat(8).slice(0, 256));
    expect(verdict).toEqual({ ok: true });
  });

  it.each([
    ['a tab', 'violet\ttractor umbrella sunrise'],
    ['a newline', 'violet tractor\numbrella sunrise'],
    ['a carriage return', 'violet tractor umbrella sunrise\r'],
    ['NUL', 'violet tractor umbrella\u0000sunrise'],
    ['DEL', 'violet tractor umbrella\u007fsunrise'],
    ['ESC', '\u001bviolet tractor umbrella sunrise'],
  ])('refuses %s', (_, password) => {
    const message = refusal(checkPasswordStrength(password));
    expect(message).toContain('control character');
    expectReadable(message);
  });

  it.each([
    ['the username', 'purple-ANNABERG-elephant-42', { username: 'annaberg' }],
    ['the email address', 'xx-anna.berg@example.org-yy', { email: 'anna.berg@example.org' }],
    ['the email local part', 'correct-JSMITH-horse-battery', { email: 'jsmith@example.com' }],
    ['the display name', 'bartholomew staple rocket 77', { displayName: 'Bartholomew' }],
    ['a display name with a space', 'my name is Anna Berg okay', { displayName: 'Anna Berg' }],
    ['the username, case-insensitively', 'Purple-Elephant-GrEtChEn-42', { username: 'gretchen' }],
  ])('refuses a password containing %s', (_, password, context) => {
    const message = refusal(checkPasswordStrength(password, context));
    expect(message).toBe('The password must not contain your username, email address or name.');
  });

  it('ignores personal values shorter than 3 characters', () => {
    expect(checkPasswordStrength(PASSPHRASE, { username: 'vi', displayName: 'Jo' })).toEqual({ ok: true });
  });

  it('accepts a strong password unrelated to the person', () => {
    expect(checkPasswordStrength(PASSPHRASE, { username: 'annaberg', email: 'anna@example.org', displayName: 'Anna Berg' })).toEqual({
      ok: true,
    });
  });

  it.each(['password1234', 'qwertyuiop123', 'Password1234!', '123456789012', 'aaaaaaaaaaaa', 'abcdefghijkl'])(
    'refuses the common password %j as too easy to guess',
    (password) => {
      const message = refusal(checkPasswordStrength(password));
      expect(message).toMatch(/^This password is too easy to guess\./);
      expectReadable(message);
    },
  );

  it('judges the NFKC form, so full-width look-alikes of a common password are refused', () => {
    expect(refusal(checkPasswordStrength('ｐａｓｓｗｏｒｄ１２３４'))).toMatch(/too easy to guess/);
  });

  it.each(['violet tractor umbrella sunrise 93', 'Correct-Staple-Orbit-Lantern', 'm7#Kp!2vQz@9Lr', 'glacier mango saxophone velvet'])(
    'accepts %j',
    (password) => {
      expect(checkPasswordStrength(password)).toEqual({ ok: true });
    },
  );

  describe('the passwords a new user actually tried', () => {
    it.each([
      ['Summer2024!!', WORD_WITH_AFFIXES_MESSAGE],
      ['Autumn2023#!', WORD_WITH_AFFIXES_MESSAGE],
      ['!!Winter2031', WORD_WITH_AFFIXES_MESSAGE],
      ['DECEMBER1999?', WORD_WITH_AFFIXES_MESSAGE],
      ['Summ3r2024!!', WORD_WITH_AFFIXES_MESSAGE],
      ['Password123!', COMMON_WITH_AFFIXES_MESSAGE],
      ['Welcome2024!', COMMON_WITH_AFFIXES_MESSAGE],
      ['Qwerty123456!', COMMON_WITH_AFFIXES_MESSAGE],
    ])('refuses %j, saying why', (password, message) => {
      expect(refusal(checkPasswordStrength(password))).toBe(message);
      expectReadable(message);
    });

    it('explains the word-with-a-year rule with an example and what to do instead', () => {
      expect(WORD_WITH_AFFIXES_MESSAGE).toMatch(/^This password is too easy to guess\. A single word with a year, digits or symbols added/);
      expect(WORD_WITH_AFFIXES_MESSAGE).toContain('Use a few unrelated words instead.');
    });

    it('still accepts one uncommon word with enough random digits and symbols', () => {
      expect(checkPasswordStrength('Saxophone7391#$82')).toEqual({ ok: true });
    });
  });

  describe('the breached-password list', () => {
    it.each(['qwertyuiop123', 'QWERTYuiop123', '1qaz2wsx3edc', 'leavemealone', 'ｑｗｅｒｔｙｕｉｏｐ１２３'])(
      'refuses %j as a commonly used password, whatever its case or width',
      (password) => {
        expect(refusal(checkPasswordStrength(password))).toBe(BREACHED_MESSAGE);
      },
    );

    it('keeps only the entries a password of the minimum length could equal, loaded once', () => {
      const list = breachedPasswords(PASSWORD_MIN_LENGTH);
      expect(list.size).toBeGreaterThan(10_000);
      for (const entry of list) {
        expect([...entry].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
        expect(entry).toBe(entry.toLowerCase());
      }
      expect(breachedPasswords(PASSWORD_MIN_LENGTH)).toBe(list);
    });

    it('says "commonly used password" in its message', () => {
      expect(BREACHED_MESSAGE).toBe(
        'This password is too easy to guess. It is a commonly used password: it appears in lists of leaked passwords. Choose another.',
      );
    });
  });
});
