/**
 * What makes a password acceptable. One function, used by every form that sets a password,
 * returning a message a person can act on.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH, normalizePassword } from './password/password-hash';

export const PASSWORD_MIN_LENGTH = 12;
/** zxcvbn's 0–4 scale; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;
/** zxcvbn's cost grows with length; beyond this the estimate no longer changes the verdict. */
const ESTIMATE_PREFIX = 64;

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
  const result = estimator().check(normalized.slice(0, ESTIMATE_PREFIX), personal);
  if (result.score < MIN_SCORE) {
    const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    return { ok: false, message: `This password is too easy to guess.${hint ? ` ${hint}` : ''}` };
  }
  return { ok: true };
}
