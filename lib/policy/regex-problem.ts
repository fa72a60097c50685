/**
 * Decides whether a path regex may be used. Every request to a protected app runs the rules'
 * regexes against an attacker-chosen path, so one that backtracks catastrophically would let
 * anyone stall the verify endpoint with a crafted URL.
 */
import safeRegex from 'safe-regex2';

export const REGEX_MAX_LENGTH = 512;

/** Why `source` is refused as a path regex, or null when it is fine. */
export function regexProblem(source: string): string | null {
  if (source.length > REGEX_MAX_LENGTH) return `A regular expression can have at most ${REGEX_MAX_LENGTH} characters.`;
  try {
    new RegExp(source);
  } catch (error) {
    return `The regular expression does not compile: ${(error as Error).message}.`;
  }
  if (!safeRegex(source, { limit: Infinity })) {
    return 'The regular expression nests repetitions, such as (a+)+, which can backtrack catastrophically (or uses syntax the safety check cannot read, such as lookbehind). Rewrite it without a repeated group that itself repeats.';
  }
  if (!safeRegex(source)) return 'The regular expression has more than 25 repetitions; simplify it.';
  if (repeatsAlternation(source)) {
    return 'The regular expression repeats a group that contains an alternation, such as (x|x)*, which can backtrack catastrophically. Repeat a character class instead, such as [xy]*.';
  }
  return null;
}

/**
 * safe-regex2 only measures how deeply repetitions nest, so it misses `(x|x)*y`, which is
 * exponential because each character can be taken by either branch. Refusing any repeated group
 * that contains an alternation is stricter than needed, but access rules rarely need one.
 */
function repeatsAlternation(source: string): boolean {
  const groups: boolean[] = []; // per open group: does it contain a '|', directly or nested?
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === '[') {
      // Without the v flag a class cannot nest, and ']' right after '[' closes it in JS.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (char === '(') groups.push(false);
    else if (char === '|' && groups.length > 0) groups[groups.length - 1] = true;
    else if (char === ')' && groups.pop()) {
      const next = source[i + 1];
      if (next === '*' || next === '+' || next === '{') return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
    }
  }
  return false;
}
