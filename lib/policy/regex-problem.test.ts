import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathRegex, compileRegexSet, REGEX_MAX_LENGTH, REGEX_MAX_PROGRAM_SIZE, regexProblem } from './regex-problem';

describe('regexProblem', () => {
  it.each([
    '^/api/.*$',
    '^/api/',
    '^/(api|static)/',
    '^/(?:api|static)/[a-z0-9]+$',
    '^/documents/\\d+/preview',
    '[(|)]*x',
    '\\(a|b\\)*',
    '(a)*',
    '(a|b)?c',
    // What a backtracking engine could not afford is fine in RE2: matching stays linear.
    '(a+)+$',
    '(x|x)*y',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
    '^/.*/.*/.*x$',
    'a*'.repeat(26),
    // Go/RE2 syntax an Authelia configuration may hold (JavaScript's RegExp refused some of these).
    '^/(?P<kind>api|static)/',
    '(?i)^/Admin/',
    '^/[[:alpha:]]+/\\z',
    '\\Q/a.b+c\\E',
    '^\\/api\\/',
    'x'.repeat(REGEX_MAX_PROGRAM_SIZE - 10),
  ])('accepts %j', (source) => {
    expect(regexProblem(source)).toBeNull();
  });

  it('refuses what RE2 does not compile, saying so in RE2’s words', () => {
    expect(regexProblem('^/(api')).toBe(
      "The regular expression is not valid RE2 syntax (the syntax of Authelia's Go regular expressions): missing closing ): `(?i)^/(api`.",
    );
    expect(regexProblem('[')).toMatch(/^The regular expression is not valid RE2 syntax .*missing closing \]/);
    expect(regexProblem('a**')).toMatch(/not valid RE2 syntax.*invalid nested repetition operator/);
    expect(regexProblem('a{1001}')).toMatch(/not valid RE2 syntax.*invalid repeat count/);
  });

  it.each(['^/api/(?!admin).*$', '(?<=/api)/x', '(a)\\1', '(?=x)'])('refuses %j (lookaround, backreferences), saying RE2 has none', (source) => {
    expect(regexProblem(source)).toMatch(/not valid RE2 syntax.* RE2 has no lookahead, lookbehind or backreferences/);
  });

  it('refuses more than the maximum length before compiling', () => {
    expect(regexProblem('x'.repeat(REGEX_MAX_LENGTH + 1))).toBe('A regular expression can have at most 512 characters.');
    expect(regexProblem('('.repeat(10_000))).toMatch(/at most 512/);
  });

  it('refuses a regex that compiles to too many RE2 instructions, saying how many', () => {
    expect(regexProblem(`a.{${REGEX_MAX_PROGRAM_SIZE - 4}}x`)).toBeNull();
    expect(regexProblem('x'.repeat(REGEX_MAX_LENGTH))).toMatch(/^The regular expression is too large \(it compiles to 514 RE2 instructions/);
    // Within 512 characters, sequences of counted repeats would otherwise compile to tens of thousands of instructions.
    expect(regexProblem('.{1000}'.repeat(70))).toMatch(/too large/);
    expect(regexProblem('a.{300}x')).toBe(
      `The regular expression is too large (it compiles to 304 RE2 instructions, at most ${REGEX_MAX_PROGRAM_SIZE}). Use smaller counted repetitions such as {1,20}, or split it into several paths.`,
    );
  });
});

describe('compilePathRegex', () => {
  it('matches ignoring ASCII case, anywhere in the input unless anchored (as Go and Authelia do)', () => {
    const compiled = compilePathRegex('^/admin/');
    if (!compiled.ok) throw new Error(compiled.problem);
    expect(['/admin/x', '/ADMIN/x', '/Admin/'].map((input) => compiled.regex.test(input))).toEqual([true, true, true]);
    expect(compiled.regex.test('/x/admin/')).toBe(false);
    const php = compilePathRegex('\\.php$');
    if (!php.ok) throw new Error(php.problem);
    expect(php.regex.test('/a/index.PHP')).toBe(true);
  });

  it('matches the issue’s ^/.*/.*/.*x$ against a 3,000-character path (a backtracking engine would never finish)', () => {
    const compiled = compilePathRegex('^/.*/.*/.*x$');
    if (!compiled.ok) throw new Error(compiled.problem);
    const path = `/${'a/'.repeat(1500)}`;
    expect(path.length).toBeGreaterThan(3000);
    expect(compiled.regex.test(path)).toBe(false);
    expect(compiled.regex.test(`${path}x`)).toBe(true);
    // The same shapes JavaScript's RegExp takes exponential time on.
    const nested = compilePathRegex('^(a+)+$');
    if (!nested.ok) throw new Error(nested.problem);
    expect(nested.regex.test(`${'a'.repeat(3000)}!`)).toBe(false);
  });
});

describe('compileRegexSet', () => {
  /** Small regexes over a small alphabet, so that generated paths often match some of them. */
  const ATOM = fc.constantFrom('a', 'B', '/', '\\.', '.', '[ab]', '[^/]', '\\d', '(?:a|/b)', '\\b');
  const PIECE = fc.tuple(ATOM, fc.constantFrom('', '', '*', '+', '?', '{1,3}')).map(([atom, repeat]) => atom + repeat);
  const REGEX = fc
    .tuple(
      fc.constantFrom('', '^', '(?i)^'),
      fc.array(PIECE, { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', '$'),
      fc.option(fc.array(PIECE, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    )
    .map(([start, pieces, end, alternative]) => `${start}${pieces.join('')}${end}${alternative ? `|${alternative.join('')}` : ''}`);
  const INPUT = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '/', '.', '1', '?', '='), maxLength: 24 });

  it('says which regexes match, exactly as testing each one alone does', () => {
    fc.assert(
      fc.property(fc.array(REGEX, { minLength: 2, maxLength: 8 }), fc.array(INPUT, { minLength: 1, maxLength: 10 }), (sources, inputs) => {
        const regexes = sources.map((source) => {
          const compiled = compilePathRegex(source);
          if (!compiled.ok) throw new Error(`${source}: ${compiled.problem}`);
          return compiled.regex;
        });
        const set = compileRegexSet(sources);
        expect(set).not.toBeNull();
        for (const input of inputs) {
          expect(set!.match(input), input).toEqual(regexes.flatMap((regex, i) => (regex.test(input) ? [i] : [])));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is linear too: the issue’s regex among others, against a 3,000-character path', () => {
    const set = compileRegexSet(['^/api/', '^/.*/.*/.*x$', '^(a+)+$']);
    const path = `/${'a/'.repeat(1500)}`;
    expect(set!.match(path)).toEqual([]);
    expect(set!.match(`${path}x`)).toEqual([1]);
  });
});
