/**
 * Properties of checkPasswordStrength over generated input (fast-check): the shape attackers try
 * first — a month or season, a year, up to three symbols — is refused in any case and with a
 * symbol in front too, always with a message that says why; passphrases of unrelated words pass.
 *
 * The words are zxcvbn's own month and season lists ("fall" is not among them: zxcvbn ranks it
 * as a common word), and the years are the ones zxcvbn recognises as years (1900–2029); a later
 * year counts as four digits, and with three random symbols such a password estimates above the
 * rule's bar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordStrength } from './password-policy';

const RUNS = { numRuns: 100 };
const TIMEOUT = 120_000;
const NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'spring',
  'summer',
  'autumn',
  'winter',
];
const SYMBOLS = [...'!@#$%&*?.+-_'];
const cased = (word: string, casing: 'lower' | 'capital' | 'upper') =>
  casing === 'lower' ? word : casing === 'upper' ? word.toUpperCase() : `${word[0]!.toUpperCase()}${word.slice(1)}`;

const seasonal = fc.record({
  name: fc.constantFrom(...NAMES),
  casing: fc.constantFrom('lower' as const, 'capital' as const, 'upper' as const),
  year: fc.integer({ min: 1950, max: 2029 }),
  before: fc.array(fc.constantFrom(...SYMBOLS), { maxLength: 1 }).map((s) => s.join('')),
  after: fc.array(fc.constantFrom(...SYMBOLS), { minLength: 0, maxLength: 3 }).map((s) => s.join('')),
});

describe('checkPasswordStrength over generated passwords', () => {
  it(
    'refuses a month or season with a year and symbols, saying why',
    () => {
      fc.assert(
        fc.property(seasonal, ({ name, casing, year, before, after }) => {
          let password = `${before}${cased(name, casing)}${year}${after}`;
          // Below the minimum length the refusal would be for length: repeat the last symbol, as people do.
          while ([...password].length < 12) password += after.at(-1) ?? '!';
          const verdict = checkPasswordStrength(password);
          expect(verdict.ok, password).toBe(false);
          if (!verdict.ok) expect(verdict.message).toMatch(/^This password is too easy to guess\. \S/);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'accepts four unrelated uncommon words',
    () => {
      const WORDS = ['violet', 'tractor', 'umbrella', 'glacier', 'saxophone', 'lantern', 'cobalt', 'pigeon', 'harbor', 'walnut', 'meteor', 'quilt'];
      fc.assert(
        fc.property(fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 4, maxLength: 4 }), fc.constantFrom(' ', '-', '.'), (words, separator) => {
          expect(checkPasswordStrength(words.join(separator)), words.join(separator)).toEqual({ ok: true });
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});
