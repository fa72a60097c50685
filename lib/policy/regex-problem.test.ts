import { describe, expect, it } from 'vitest';
import { REGEX_MAX_LENGTH, regexProblem } from './regex-problem';

describe('regexProblem', () => {
  it.each([
    '^/api/.*$',
    '^/api/',
    '^/(api|static)/',
    '^/(?:api|static)/[a-z0-9]+$',
    '^/documents/\\d+/preview',
    '^/api/(?!admin).*$',
    '[(|)]*x',
    '\\(a|b\\)*',
    '(a)*',
    '(a|b)?c',
    'x'.repeat(REGEX_MAX_LENGTH),
  ])('accepts %j', (source) => {
    expect(regexProblem(source)).toBeNull();
  });

  it('refuses what does not compile, saying so', () => {
    expect(regexProblem('^/(api')).toMatch(/^The regular expression does not compile: .*Unterminated group/);
    expect(regexProblem('[')).toMatch(/does not compile/);
    expect(regexProblem('a**')).toMatch(/does not compile/);
  });

  it('refuses more than the maximum length before compiling', () => {
    expect(regexProblem('x'.repeat(REGEX_MAX_LENGTH + 1))).toBe('A regular expression can have at most 512 characters.');
    expect(regexProblem('('.repeat(10_000))).toMatch(/at most 512/);
  });

  it.each(['(a+)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(a*)*b', '^(?:[a-z]+/)*$', '(.*a){2,}'])('refuses nested repetition %j', (source) => {
    expect(regexProblem(source)).toMatch(/nests repetitions, such as \(a\+\)\+, which can backtrack catastrophically/);
  });

  it.each(['(x|x)*y', '(a|ab)+c', '((a|b)c)*', '(?:x|y){2,}', '(\\w|\\d)+$'])('refuses a repeated alternation %j', (source) => {
    expect(regexProblem(source)).toMatch(/repeats a group that contains an alternation, such as \(x\|x\)\*, which can backtrack catastrophically/);
  });

  it('refuses syntax the safety check cannot read', () => {
    expect(regexProblem('(?<=/api)/x')).toMatch(/syntax the safety check cannot read/);
  });

  it('refuses more than 25 repetitions', () => {
    expect(regexProblem('a*'.repeat(26))).toBe('The regular expression has more than 25 repetitions; simplify it.');
    expect(regexProblem('a*'.repeat(25))).toBeNull();
  });
});
