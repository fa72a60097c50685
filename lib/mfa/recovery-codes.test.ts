import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RECOVERY_CODE_COUNT, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const DISPLAY = /^[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9abcdefghjkmnpqrstvwxyz]{4}$/;

describe('generateRecoveryCodes', () => {
  it('makes 10 distinct codes shown as xxxx-xxxx-xxxx in lower-case Crockford base32', () => {
    expect(RECOVERY_CODE_COUNT).toBe(10);
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(DISPLAY);
  });

  it('makes as many as asked', () => {
    expect(generateRecoveryCodes(1)).toHaveLength(1);
    expect(generateRecoveryCodes(0)).toEqual([]);
    const many = generateRecoveryCodes(500);
    expect(new Set(many).size).toBe(500);
  });

  it('uses every character of the alphabet, and only those, about equally often', () => {
    const counts = new Map<string, number>();
    for (const code of generateRecoveryCodes(2000)) {
      for (const char of code.replace(/-/g, '')) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe(ALPHABET);
    // 24,000 characters over 32 symbols: 750 each expected; a biased mapping would be far off.
    for (const count of counts.values()) expect(count).toBeGreaterThan(550);
    for (const count of counts.values()) expect(count).toBeLessThan(950);
  });

  it('normalizes back to its own 12 characters', () => {
    for (const code of generateRecoveryCodes()) expect(normalizeRecoveryCode(code)).toBe(code.replace(/-/g, ''));
  });
});

describe('normalizeRecoveryCode', () => {
  it.each([
    ['abcd-efgh-jkmn', 'abcdefghjkmn'],
    ['abcdefghjkmn', 'abcdefghjkmn'],
    ['  ABCD-EFGH-JKMN  ', 'abcdefghjkmn'],
    ['abcd efgh jkmn', 'abcdefghjkmn'],
    ['ab-cd--ef gh-jk mn', 'abcdefghjkmn'],
    ['\tabcd-efgh-jkmn\n', 'abcdefghjkmn'],
    ['oOiI-lL00-1111', '001111001111'],
    ['pqrs-tvwx-yz23', 'pqrstvwxyz23'],
  ])('reads %j as %j', (input, expected) => {
    expect(normalizeRecoveryCode(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['abcd-efgh-jkm'],
    ['abcd-efgh-jkmnp'],
    ['abcd-efgh-jkmu'], // u is not in Crockford's alphabet
    ['abcd_efgh_jkmn'],
    ['abcd.efgh.jkmn'],
    ['abcd-efgh-jkm!'],
    ['abcd-efgh-jkm\u212a'], // Kelvin sign, which lower-cases to "k"
    ['ａｂｃｄ-efgh-jkmn'], // full-width letters
    ['abcd-efgh-jkm\u0301n'],
    ['a'.repeat(65)],
    [`${' '.repeat(60)}abcd-efgh-jkmn`],
    ['x'.repeat(100_000)],
  ])('refuses %j', (input) => {
    expect(normalizeRecoveryCode(input)).toBeNull();
  });
});

describe('hashRecoveryCode', () => {
  const key = randomBytes(32);

  it('is 64 hex characters, stable for one key and different under another', () => {
    const hash = hashRecoveryCode('abcdefghjkmn', key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('abcdefghjkmn', key)).toBe(hash);
    expect(hashRecoveryCode('abcdefghjkmn', randomBytes(32))).not.toBe(hash);
    expect(hashRecoveryCode('abcdefghjkmp', key)).not.toBe(hash);
  });

  it('is a keyed MAC, not a plain hash of the code', () => {
    const hash = hashRecoveryCode('abcdefghjkmn', key);
    expect(hash).not.toBe(createHmac('sha256', Buffer.alloc(32)).update('abcdefghjkmn').digest('hex'));
    expect(hash).toBe(createHmac('sha256', key).update('gatehouse/recovery-code/v1:abcdefghjkmn').digest('hex'));
  });

  it('refuses a short key', () => {
    expect(() => hashRecoveryCode('abcdefghjkmn', Buffer.alloc(0))).toThrow(/at least 32 bytes/);
    expect(() => hashRecoveryCode('abcdefghjkmn', randomBytes(16))).toThrow(/at least 32 bytes/);
  });
});
