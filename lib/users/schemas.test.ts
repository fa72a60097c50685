import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZDisplayName, ZEmail, ZGroupList, ZGroupName, ZLogin, ZNewPassword, ZUsername } from './schemas';

function error(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.data)}`);
  return result.error.issues[0]!.message;
}

describe('ZUsername', () => {
  it.each([
    ['anna', 'anna'],
    ['  Anna  ', 'anna'],
    ['ANNA.BERG', 'anna.berg'],
    ['a.b-c_d', 'a.b-c_d'],
    ['ab', 'ab'],
    ['x1', 'x1'],
    ['0day', '0day'],
    ['a'.repeat(32), 'a'.repeat(32)],
  ])('accepts %j as %j', (input, output) => {
    expect(ZUsername.parse(input)).toBe(output);
  });

  it.each([
    ['NUL', 'an\u0000na'],
    ['BEL', 'anna\u0007'],
    ['ESC', '\u001banna'],
    ['DEL', 'an\u007fna'],
    ['space inside', 'an na'],
    ['tab inside', 'an\tna'],
    ['leading dot', '.anna'],
    ['leading dash', '-anna'],
    ['leading underscore', '_anna'],
    ['trailing dot', 'anna.'],
    ['trailing dash', 'anna-'],
    ['at sign', 'anna@example.com'],
    ['slash', 'anna/berg'],
    ['unicode letters', 'jürgen'],
    ['Cyrillic', 'аnna'],
    ['full-width', 'ａｎｎａ'],
    ['emoji', 'anna🙂'],
  ])('refuses %s', (_, input) => {
    expect(error(ZUsername, input)).toMatch(/letters, digits/);
  });

  it('refuses 1 character', () => {
    expect(error(ZUsername, 'a')).toBe('Use at least 2 characters.');
    expect(error(ZUsername, '  a  ')).toBe('Use at least 2 characters.');
  });

  it('refuses 33 characters', () => {
    expect(error(ZUsername, 'a'.repeat(33))).toBe('Use at most 32 characters.');
  });

  it('asks for a username when missing', () => {
    expect(error(ZUsername, undefined)).toBe('Enter a username.');
    expect(error(ZUsername, 42)).toBe('Enter a username.');
  });
});

describe('ZEmail', () => {
  it.each([
    ['anna@example.com', 'anna@example.com'],
    ['  Anna.Berg@Example.COM ', 'anna.berg@example.com'],
    ['anna+gatehouse@mail.example.org', 'anna+gatehouse@mail.example.org'],
  ])('accepts %j as %j', (input, output) => {
    expect(ZEmail.parse(input)).toBe(output);
  });

  it.each([
    'anna',
    'anna@',
    '@example.com',
    'anna@@example.com',
    'an na@example.com',
    'anna@exa mple.com',
    'anna@example',
    'anna@.example.com',
    'anna.@example.com',
    'anna@exa\nmple.com',
    'anna@example.com\u0000',
    'Anna <anna@example.com>',
    'anna@example.com, eve@evil.com',
    '',
  ])('refuses %j', (input) => {
    expect(error(ZEmail, input)).toBe('Enter a valid email address, such as anna@example.com.');
  });

  it('refuses addresses longer than 254 characters', () => {
    const long = `${'a'.repeat(64)}@${`${'b'.repeat(60)}.`.repeat(4)}com`;
    expect(long.length).toBeGreaterThan(254);
    expect(error(ZEmail, long)).toBe('That email address is too long.');
    expect(error(ZEmail, `${'a'.repeat(250)}@example.com`)).toBe('That email address is too long.');
  });

  it('trims surrounding whitespace, including a trailing newline', () => {
    expect(ZEmail.parse('anna@example.com\n')).toBe('anna@example.com');
  });

  it('asks for an address when missing', () => {
    expect(error(ZEmail, undefined)).toBe('Enter an email address.');
  });
});

describe('ZDisplayName', () => {
  it.each([
    ['Anna Berg', 'Anna Berg'],
    ['  Anna  ', 'Anna'],
    ['Jürgen Ñoño 李雷', 'Jürgen Ñoño 李雷'],
    ["O'Brien-Smith", "O'Brien-Smith"],
    ['x'.repeat(100), 'x'.repeat(100)],
  ])('accepts %j as %j', (input, output) => {
    expect(ZDisplayName.parse(input)).toBe(output);
  });

  it.each([
    ['NUL', 'Anna\u0000Berg'],
    ['BEL', 'Anna\u0007'],
    ['ESC sequence', '\u001b[31mAnna'],
    ['DEL', 'An\u007fna'],
    ['newline', 'Anna\nBerg'],
    ['C1 control', 'Anna\u0085Berg'],
    ['right-to-left override', 'Anna\u202egnp.exe'],
    ['left-to-right embedding', 'Anna\u202aBerg'],
    ['right-to-left isolate', 'Anna\u2067Berg'],
    ['pop directional isolate', 'Anna\u2069Berg'],
  ])('refuses %s', (_, input) => {
    expect(error(ZDisplayName, input)).toBe('The name contains a control character. Remove it.');
  });

  it.each(['', '   ', '\t\n'])('refuses the empty name %j', (input) => {
    expect(error(ZDisplayName, input)).toBe('Enter a name.');
  });

  it('refuses 101 characters', () => {
    expect(error(ZDisplayName, 'x'.repeat(101))).toBe('Use at most 100 characters.');
  });

  it('asks for a name when missing', () => {
    expect(error(ZDisplayName, undefined)).toBe('Enter a name.');
  });
});

describe('ZNewPassword', () => {
  it('accepts up to 256 characters and refuses more', () => {
    expect(ZNewPassword.parse('p'.repeat(256))).toHaveLength(256);
    expect(error(ZNewPassword, 'p'.repeat(257))).toBe('Use at most 256 characters.');
  });

  it('does not trim or change the password', () => {
    expect(ZNewPassword.parse('  Spaces Count  ')).toBe('  Spaces Count  ');
  });
});

describe('ZGroupName', () => {
  it('accepts and lowercases', () => {
    expect(ZGroupName.parse(' Paperless-Users ')).toBe('paperless-users');
    expect(ZGroupName.parse('a'.repeat(40))).toHaveLength(40);
  });

  it.each(['-lead', '_lead', 'bad!name', 'a b', 'a.b', 'ä', 'a'.repeat(41), ''])('refuses %j', (input) => {
    expect(error(ZGroupName, input)).toMatch(/Group names/);
  });
});

describe('ZGroupList', () => {
  it('splits on commas and whitespace, lowercases and removes duplicates', () => {
    expect(ZGroupList.parse('a, b,,b c')).toEqual(['a', 'b', 'c']);
    expect(ZGroupList.parse('Family, Paperless-Users\nADMINS\tfamily')).toEqual(['family', 'paperless-users', 'admins']);
  });

  it('reads an empty list', () => {
    expect(ZGroupList.parse('')).toEqual([]);
    expect(ZGroupList.parse(' , ,\n')).toEqual([]);
  });

  it.each(['good, bad!name', '-lead', `ok, ${'x'.repeat(41)}`, 'ok, ä'])('refuses the invalid group in %j', (input) => {
    expect(error(ZGroupList, input)).toMatch(/Group names/);
  });

  it('refuses more than 30 groups', () => {
    const groups = Array.from({ length: 31 }, (_, i) => `g${i}`).join(',');
    expect(error(ZGroupList, groups)).toBe('At most 30 groups.');
    expect(ZGroupList.parse(groups.split(',').slice(0, 30).join(','))).toHaveLength(30);
  });

  it('refuses a text longer than 2000 characters', () => {
    expect(error(ZGroupList, 'a,'.repeat(1001))).toBe('That list of groups is too long.');
  });
});

describe('ZLogin', () => {
  it.each([
    [' Anna@Example.com ', 'anna@example.com'],
    ['ANNA', 'anna'],
    ['a', 'a'],
  ])('accepts %j as %j', (input, output) => {
    expect(ZLogin.parse(input)).toBe(output);
  });

  it.each(['', '   ', undefined, null, 42])('asks for a login for %j', (input) => {
    expect(error(ZLogin, input)).toBe('Enter your username or email address.');
  });

  it('refuses more than 254 characters', () => {
    expect(ZLogin.parse('a'.repeat(254))).toHaveLength(254);
    expect(error(ZLogin, 'a'.repeat(255))).toBe('That is longer than any username or email address.');
  });
});
