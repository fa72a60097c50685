import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, randomToken, safeEqual, sealSecret, sha256Hex } from './crypto';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('randomToken', () => {
  it('encodes 32 bytes as 43 base64url characters by default', () => {
    const token = randomToken();
    expect(token).toHaveLength(43);
    expect(token).toMatch(BASE64URL);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it.each([
    [16, 22],
    [24, 32],
    [48, 64],
  ])('encodes %d bytes as %d characters', (bytes, length) => {
    const token = randomToken(bytes);
    expect(token).toHaveLength(length);
    expect(token).toMatch(BASE64URL);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => randomToken()));
    expect(tokens.size).toBe(2000);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('hashes a Buffer like the same bytes as a string', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });

  it('hashes strings as UTF-8', () => {
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
  });

  it('is 64 lower-case hex characters', () => {
    expect(sha256Hex(randomToken())).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('safeEqual', () => {
  it.each([
    ['abc', 'abc'],
    ['', ''],
    ['ünïcödé 🔐', 'ünïcödé 🔐'],
    ['x'.repeat(10_000), 'x'.repeat(10_000)],
  ])('is true for equal strings (%#)', (a, b) => {
    expect(safeEqual(a, b)).toBe(true);
  });

  it.each([
    ['abc', 'abd'],
    ['abc', 'ABC'],
    ['abc', 'abcd'],
    ['abcd', 'abc'],
    ['', 'a'],
    ['a', ''],
    ['abc', 'abc '],
    ['abc', 'abc\u0000'],
  ])('is false for %j and %j', (a, b) => {
    expect(safeEqual(a, b)).toBe(false);
  });
});

describe('sealSecret / openSecret', () => {
  const key = randomBytes(32);
  const context = 'totp:user-1';

  it.each(['JBSWY3DPEHPK3PXP', '', 'ünïcödé 🔐 秘密', 'x'.repeat(5000), 'with.dots.inside'])('round-trips %j', (plaintext) => {
    expect(openSecret(sealSecret(plaintext, key, context), key, context)).toBe(plaintext);
  });

  it('produces v1.<iv>.<body>.<tag> in base64url with a 12-byte iv and 16-byte tag', () => {
    const sealed = sealSecret('hello', key, context);
    const parts = sealed.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    for (const part of parts.slice(1)) expect(part).toMatch(BASE64URL);
    expect(Buffer.from(parts[1]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(5);
    expect(Buffer.from(parts[3]!, 'base64url')).toHaveLength(16);
    expect(sealed).not.toContain('hello');
  });

  it('seals the same plaintext differently each time', () => {
    const a = sealSecret('same', key, context);
    const b = sealSecret('same', key, context);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(openSecret(a, key, context)).toBe('same');
    expect(openSecret(b, key, context)).toBe('same');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => sealSecret('x', randomBytes(16), context)).toThrow('sealSecret needs a 32-byte key');
    expect(() => sealSecret('x', randomBytes(33), context)).toThrow();
  });

  it('throws with a wrong key', () => {
    const sealed = sealSecret('secret', key, context);
    expect(() => openSecret(sealed, randomBytes(32), context)).toThrow();
  });

  it('throws with a wrong-length key', () => {
    const sealed = sealSecret('secret', key, context);
    expect(() => openSecret(sealed, randomBytes(16), context)).toThrow();
  });

  it.each(['totp:user-2', 'totp:user-1 ', 'TOTP:user-1', ''])('throws with the wrong context %j', (other) => {
    const sealed = sealSecret('secret', key, context);
    expect(() => openSecret(sealed, key, other)).toThrow();
  });

  function tamper(sealed: string, index: 1 | 2 | 3): string {
    const parts = sealed.split('.');
    const bytes = Buffer.from(parts[index]!, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    parts[index] = bytes.toString('base64url');
    return parts.join('.');
  }

  it.each([
    [1, 'iv'],
    [2, 'ciphertext'],
    [3, 'tag'],
  ] as const)('throws when part %s (%s) is tampered with', (index, _part) => {
    const sealed = sealSecret('a secret worth protecting', key, context);
    expect(() => openSecret(tamper(sealed, index), key, context)).toThrow();
  });

  it('throws when the tag is truncated', () => {
    const parts = sealSecret('secret', key, context).split('.');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => openSecret(parts.join('.'), key, context)).toThrow();
  });

  it('throws when the tag is missing', () => {
    const parts = sealSecret('secret', key, context).split('.');
    parts[3] = '';
    expect(() => openSecret(parts.join('.'), key, context)).toThrow();
  });

  it('throws when ciphertexts are swapped between seals', () => {
    const a = sealSecret('aaaaaa', key, context).split('.');
    const b = sealSecret('bbbbbb', key, context).split('.');
    expect(() => openSecret([a[0], a[1], b[2], a[3]].join('.'), key, context)).toThrow();
  });

  it.each(['', 'abc', 'v1', 'v1.a.b', 'v1.a.b.c.d', 'v2.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA', 'V1.a.b.c'])(
    'throws "not a sealed secret" for %j',
    (malformed) => {
      expect(() => openSecret(malformed, key, context)).toThrow('not a sealed secret');
    },
  );

  it('throws for a well-shaped string that was never sealed', () => {
    expect(() => openSecret('v1.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA', key, context)).toThrow();
  });
});
