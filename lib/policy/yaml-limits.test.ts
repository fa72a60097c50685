import { describe, expect, it } from 'vitest';
import { YAML_MAX_BYTES, yamlLimitProblem } from './yaml-limits';

describe('yamlLimitProblem', () => {
  it('accepts an ordinary configuration', () => {
    expect(
      yamlLimitProblem('access_control:\n  rules:\n    - domain: [a.example.com]\n      subject: [[user:anna, group:family]]\n      policy: deny\n'),
    ).toBeNull();
    expect(yamlLimitProblem('')).toBeNull();
  });

  it('refuses more than 1 MiB', () => {
    expect(yamlLimitProblem('x'.repeat(YAML_MAX_BYTES + 1))).toEqual({ line: 1, message: 'the file is larger than 1 MiB' });
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const text = `# ${'é'.repeat(600 * 1024)}\n`;
    expect(text.length).toBeLessThan(YAML_MAX_BYTES);
    expect(yamlLimitProblem(text)).toEqual({ line: 1, message: 'the file is larger than 1 MiB' });
  });

  it('accepts a file of exactly 1 MiB', () => {
    expect(yamlLimitProblem(`# ${'x'.repeat(YAML_MAX_BYTES - 3)}\n`)).toBeNull();
  });

  it.each([
    ['flow sequences', `rules:\n  - ${'['.repeat(500_000)}`, 2],
    ['flow mappings', `# a comment\n${'{a: '.repeat(200_000)}`, 2],
    ['block sequences on one line', `rules:\n${'- '.repeat(400_000)}x`, 2],
    ['compact mappings on one line', `a: ${'x: '.repeat(300_000)}`, 1],
    ['just over the limit', `${'['.repeat(65)}${']'.repeat(65)}`, 1],
  ])('refuses nested %s', (_, text, line) => {
    expect(yamlLimitProblem(text)).toEqual({ line, message: 'the file nests more than 64 levels deep' });
  });

  it('accepts nesting up to the limit', () => {
    expect(yamlLimitProblem(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeNull();
    expect(yamlLimitProblem(`${'- '.repeat(63)}x`)).toBeNull();
  });

  it('counts no brackets inside quotes, comments or plain text', () => {
    const brackets = '['.repeat(100);
    expect(yamlLimitProblem(`# ${brackets}\nrules:\n  - resources: ['^/a${brackets}', "${brackets}"]\n    regex: ^/b/${brackets}\n`)).toBeNull();
  });

  it('measures nesting line by line in block context', () => {
    expect(yamlLimitProblem('- a: b\n'.repeat(1000))).toBeNull();
    expect(yamlLimitProblem(`{${'a: 1, '.repeat(1000)}}`)).toBeNull();
  });

  it.each([
    ['closing brackets', ']'.repeat(200_000), 1],
    ['quotes', '"'.repeat(400_000), 1],
    ['anchors', '&a '.repeat(200_000), 1],
    ['list items', '- x\n'.repeat(200_000), 37_501],
  ])('refuses a flood of %s, which would take the parser seconds', (_, text, line) => {
    expect(yamlLimitProblem(text)).toEqual({ line, message: 'the file is too complex: more than 150000 YAML tokens' });
  });
});
