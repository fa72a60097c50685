/**
 * What makes a password acceptable. One function, used by every form that sets a password,
 * returning a message a person can act on.
 *
 * Three judges, first refusal wins: a list of breached passwords (password-policy-list.ts), the
 * "one word plus a year or symbols" rule below, and zxcvbn's estimate with every dictionary its
 * common and English packages ship (leaked passwords, diceware, common words, names, Wikipedia,
 * and word sequences such as months and seasons).
 */
import { ZxcvbnFactory, type DictionaryMatch, type MatchEstimated, type MatchExtended } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { isBreachedPassword } from './password-policy-list';
import { PASSWORD_MAX_LENGTH, normalizePassword } from './password/password-hash';

export const PASSWORD_MIN_LENGTH = 12;
/** zxcvbn's 0–4 scale; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;
/** zxcvbn's cost grows with length; beyond this the estimate no longer changes the verdict. */
const ESTIMATE_PREFIX = 64;
/**
 * Guesses an attacker who tries "a dictionary word with digits or symbols around it" needs at
 * most, for the rule below to refuse: zxcvbn's bar for its top score. zxcvbn alone adds a fixed
 * cost for every extra part of a password, which lets `Summer2024!!` (a season, a year, two
 * symbols: the first pattern a cracker's rules try) pass as "moderately" strong.
 */
const WORD_WITH_AFFIXES_MAX_GUESSES = 1e10;
const TOO_EASY = 'This password is too easy to guess.';
export const BREACHED_MESSAGE = `${TOO_EASY} It is a commonly used password: it appears in lists of leaked passwords. Choose another.`;
export const COMMON_WITH_AFFIXES_MESSAGE = `${TOO_EASY} It is a commonly used password with only digits or symbols added. Choose another.`;
export const WORD_WITH_AFFIXES_MESSAGE = `${TOO_EASY} A single word with a year, digits or symbols added (like Summer2024!) is among the first guesses attackers try. Use a few unrelated words instead.`;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return factory;
}

export type PasswordVerdict = { ok: true } | { ok: false; message: string };

export function checkPasswordStrength(password: string, context: { username?: string; email?: string; displayName?: string } = {}): PasswordVerdict {
  if (password.length === 0) return { ok: false, message: 'Enter a password.' };
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    return { ok: false, message: 'The password contains a control character (such as a tab or line break). Remove it.' };
  }
  const normalized = normalizePassword(password);
  if ([...normalized].length < PASSWORD_MIN_LENGTH) {
    return { ok: false, message: `Use at least ${PASSWORD_MIN_LENGTH} characters. A few random words make a long password easy to remember.` };
  }
  const lower = normalized.toLowerCase();
  const personal = [context.username, context.email, context.email?.split('@')[0], context.displayName]
    .filter((v): v is string => Boolean(v && v.length >= 3))
    .map((v) => v.toLowerCase());
  if (personal.some((value) => lower.includes(value))) {
    return { ok: false, message: 'The password must not contain your username, email address or name.' };
  }
  if (isBreachedPassword(normalized, PASSWORD_MIN_LENGTH)) return { ok: false, message: BREACHED_MESSAGE };
  const estimated = normalized.slice(0, ESTIMATE_PREFIX);
  const result = estimator().check(estimated, personal);
  const word = wordWithAffixes(estimated, result.sequence);
  if (word) return { ok: false, message: word.common ? COMMON_WITH_AFFIXES_MESSAGE : WORD_WITH_AFFIXES_MESSAGE };
  if (result.score < MIN_SCORE) {
    const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    return { ok: false, message: `${TOO_EASY}${hint ? ` ${hint}` : ''}` };
  }
  return { ok: true };
}

const LETTER = /\p{L}/u;
/** Letters in one run, with only digits, symbols or spaces before and after: "!Summer2024!!". */
const ONE_LETTER_RUN = /^([^\p{L}]*)(\p{L}+)([^\p{L}]*)$/u;

/**
 * When the password is one word (any case; l33t or reversed as zxcvbn finds it) with only digits
 * and symbols before or after it, and an attacker who tries exactly that shape needs few guesses:
 * the word's guesses times those of what surrounds it, each as zxcvbn estimates it alone. Says
 * whether the word itself is a common password.
 */
function wordWithAffixes(password: string, sequence: MatchExtended[]): { common: boolean } | undefined {
  const parts = splitAroundWord(password, sequence);
  if (!parts) return undefined;
  const word = estimator().check(parts.word);
  if (word.guesses * structureGuesses(parts.before) * structureGuesses(parts.after) >= WORD_WITH_AFFIXES_MAX_GUESSES) return undefined;
  return { common: word.sequence.some((match) => isDictionaryMatch(match) && match.dictionaryName.startsWith('passwords')) };
}

/**
 * Guesses for digits and symbols by one who knows their shape: the product of zxcvbn's guesses
 * for each piece it finds ("2024" a year, "!!" a repeat), without the cost zxcvbn adds for not
 * knowing how many pieces there are.
 */
function structureGuesses(part: string): number {
  if (!part) return 1;
  return estimator()
    .check(part)
    .sequence.reduce((product, match) => product * Math.max(1, Number((match as MatchEstimated).guesses) || 1), 1);
}

function splitAroundWord(password: string, sequence: MatchExtended[]): { before: string; word: string; after: string } | undefined {
  const run = ONE_LETTER_RUN.exec(password);
  if (run) return { before: run[1] ?? '', word: run[2] ?? '', after: run[3] ?? '' };
  // A word with digits inside (l33t: "Summ3r"): zxcvbn's own match says where it starts and ends.
  const withLetters = sequence.filter((match) => LETTER.test(match.token));
  const word = withLetters[0];
  if (withLetters.length !== 1 || !isDictionaryMatch(word)) return undefined;
  return { before: password.slice(0, word.i), word: word.token, after: password.slice(word.j + 1) };
}

function isDictionaryMatch(match: MatchExtended | undefined): match is DictionaryMatch {
  return match?.pattern === 'dictionary' && typeof match.dictionaryName === 'string';
}
