import { isoCBOR } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborValue } from './cbor';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('encodeCbor', () => {
  // Examples from RFC 8949, Appendix A.
  it.each<[CborValue, string]>([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [100, '1864'],
    [1000, '1903e8'],
    [1_000_000, '1a000f4240'],
    [1_000_000_000_000, '1b000000e8d4a51000'],
    [2n ** 64n - 1n, '1bffffffffffffffff'],
    [-1, '20'],
    [-10, '29'],
    [-100, '3863'],
    [-1000, '3903e7'],
    [-(2n ** 64n), '3bffffffffffffffff'],
    ['', '60'],
    ['a', '6161'],
    ['IETF', '6449455446'],
    ['\u00fc', '62c3bc'],
    [new Uint8Array(), '40'],
    [Uint8Array.of(1, 2, 3, 4), '4401020304'],
    [[], '80'],
    [[1, 2, 3], '83010203'],
    [new Map(), 'a0'],
    [
      new Map([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [
      new Map<string, CborValue>([
        ['a', 1],
        ['b', [2, 3]],
      ]),
      'a26161016162820203',
    ],
  ])('encodes %o as %s', (value, expected) => {
    expect(hex(encodeCbor(value))).toBe(expected);
  });

  it('uses the shortest head at every length boundary', () => {
    for (const [length, head] of [
      [23, '57'],
      [24, '5818'],
      [255, '58ff'],
      [256, '590100'],
      [65_535, '59ffff'],
      [65_536, '5a00010000'],
    ] as const) {
      expect(hex(encodeCbor(new Uint8Array(length))).slice(0, head.length)).toBe(head);
      expect(encodeCbor(new Uint8Array(length)).length).toBe(head.length / 2 + length);
    }
  });

  it('refuses values outside the supported subset', () => {
    expect(() => encodeCbor(1.5)).toThrow(TypeError);
    expect(() => encodeCbor(Number.MAX_SAFE_INTEGER + 1)).toThrow(TypeError);
    expect(() => encodeCbor(2n ** 64n)).toThrow(RangeError);
    expect(() => encodeCbor(true as unknown as CborValue)).toThrow(TypeError);
  });

  it("round-trips through SimpleWebAuthn's own decoder, byte for byte", () => {
    const cose = new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(32).fill(0xab)],
      [-3, new Uint8Array(32).fill(0xcd)],
    ]);
    const attestation = new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', new Uint8Array(300).fill(7)],
    ]);
    for (const value of [cose, attestation, [0, -1, 'x', Uint8Array.of(9)], 4_294_967_296]) {
      const encoded = encodeCbor(value);
      const decoded = isoCBOR.decodeFirst<CborValue>(encoded);
      expect(decoded).toEqual(value);
      // SimpleWebAuthn walks authenticator data by re-encoding what it decoded: lengths must agree.
      expect(hex(isoCBOR.encode(decoded as Parameters<typeof isoCBOR.encode>[0]))).toBe(hex(encoded));
    }
  });
});
