import { describe, expect, it } from 'vitest';
import { searchText } from './search-text';

describe('searchText', () => {
  it.each([
    ['  anna ', 'anna'],
    ['\u0000', ''],
    ['an\u0000na', 'anna'],
    ['a\tb\nc\u007f\u009f', 'abc'],
    ['\'; DROP TABLE "User"; --', '\'; DROP TABLE "User"; --'],
    ['%_\\', '%_\\'],
  ])('%j → %j', (raw, expected) => {
    expect(searchText(raw, 100)).toBe(expected);
  });

  it('caps the length and refuses what is not a string', () => {
    expect(searchText('x'.repeat(500), 100)).toHaveLength(100);
    expect(searchText(['a'], 100)).toBe('');
    expect(searchText(undefined, 100)).toBe('');
  });
});
