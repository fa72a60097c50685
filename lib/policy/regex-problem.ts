/**
 * Path regexes: compiled with RE2 (re2js, a JavaScript port), never with JavaScript's
 * backtracking RegExp. Every request to a protected app runs the rules' regexes against an
 * attacker-chosen path; RE2 matches in time linear in the input whatever the pattern, so no
 * rule and no request can stall the verify endpoint. The syntax is RE2's, the same as Go's
 * regular expressions in Authelia (no lookaround, no backreferences). Matching ignores ASCII case.
 */
import { RE2JS, RE2Set } from 're2js';

export const REGEX_MAX_LENGTH = 512;
/**
 * RE2 instructions a regex may compile to. Matching is linear in the input, but each character
 * can cost one step per instruction when the pattern defeats RE2's DFA (counted repeats after an
 * unanchored start, such as a.{150}x) and re2js falls back to its NFA: without a cap, 512
 * characters of `.{1000}.{1000}…` would make one 8 KiB target cost a minute. At 200 the worst
 * case measured is about 0.2 s for an 8 KiB target; ordinary rules take microseconds.
 */
export const REGEX_MAX_PROGRAM_SIZE = 200;
/** Paths are matched ignoring ASCII case: a deny on /admin also covers /ADMIN. */
export const REGEX_FLAGS = RE2JS.CASE_INSENSITIVE;

export type TCompiledRegex = RE2JS;

export type TRegexCompilation = { ok: true; regex: TCompiledRegex } | { ok: false; problem: string };

/** RE2's own message, without its generic prefix; a hint for the Perl features RE2 leaves out. */
function describeSyntaxError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
  const perl = /Perl syntax|invalid escape|invalid named capture/.test(message);
  return `The regular expression is not valid RE2 syntax (the syntax of Authelia's Go regular expressions): ${message}.${
    perl ? ' RE2 has no lookahead, lookbehind or backreferences; match what you want rather than what you do not.' : ''
  }`;
}

/** A path regex compiled for matching (case-insensitive), or why it cannot be used. */
export function compilePathRegex(source: string): TRegexCompilation {
  if (source.length > REGEX_MAX_LENGTH) return { ok: false, problem: `A regular expression can have at most ${REGEX_MAX_LENGTH} characters.` };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, REGEX_FLAGS);
  } catch (error) {
    return { ok: false, problem: describeSyntaxError(error) };
  }
  const size = regex.programSize();
  if (size > REGEX_MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      problem: `The regular expression is too large (it compiles to ${size} RE2 instructions, at most ${REGEX_MAX_PROGRAM_SIZE}). Use smaller counted repetitions such as {1,20}, or split it into several paths.`,
    };
  }
  return { ok: true, regex };
}

/**
 * All the path regexes of a rule set as one RE2 automaton (an RE2 "set"): one pass over the
 * target says which of them match, where testing them one by one costs a pass each (re2js spends
 * ~0.3 µs per test() on a short path, however simple the regex). Matching stays linear; the cap
 * on the combined program keeps the worst case — RE2's DFA giving up and its NFA stepping every
 * instruction for every character — within that of testing the regexes one by one.
 */
export type TRegexSet = { match(input: string): number[] };

export const REGEX_SET_MAX_PROGRAM_SIZE = 4000;

/** The set of `sources` (each already accepted by compilePathRegex), indexed as given; null when one by one is as good or the set would be too large. */
export function compileRegexSet(sources: readonly string[]): TRegexSet | null {
  if (sources.length < 2) return null;
  try {
    const set = new RE2Set(RE2Set.UNANCHORED, REGEX_FLAGS);
    for (const source of sources) set.add(source);
    set.compile();
    return set.prog.numInst() <= REGEX_SET_MAX_PROGRAM_SIZE ? set : null;
  } catch {
    // Too large for RE2 as one program: the regexes are tested one by one.
    return null;
  }
}

/** Why `source` is refused as a path regex, or null when it is fine. */
export function regexProblem(source: string): string | null {
  const compiled = compilePathRegex(source);
  return compiled.ok ? null : compiled.problem;
}
