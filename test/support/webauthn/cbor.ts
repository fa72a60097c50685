/**
 * A minimal CBOR encoder (RFC 8949) for the soft authenticator: unsigned and negative integers,
 * byte strings, text strings, arrays and maps, always in the shortest form, which is what
 * authenticators emit and what SimpleWebAuthn re-encodes when it walks authenticator data.
 * Tests only.
 */

export type CborValue = number | bigint | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

const MAJOR = { unsigned: 0, negative: 1, bytes: 2, text: 3, array: 4, map: 5 } as const;

function head(major: number, value: bigint): Uint8Array<ArrayBuffer> {
  if (value < 0n) throw new RangeError('CBOR head value must not be negative');
  const type = major << 5;
  if (value < 24n) return Uint8Array.of(type | Number(value));
  if (value < 0x100n) return Uint8Array.of(type | 24, Number(value));
  if (value < 0x1_0000n) {
    const out = new Uint8Array(3);
    out[0] = type | 25;
    new DataView(out.buffer).setUint16(1, Number(value));
    return out;
  }
  if (value < 0x1_0000_0000n) {
    const out = new Uint8Array(5);
    out[0] = type | 26;
    new DataView(out.buffer).setUint32(1, Number(value));
    return out;
  }
  if (value < 1n << 64n) {
    const out = new Uint8Array(9);
    out[0] = type | 27;
    new DataView(out.buffer).setBigUint64(1, value);
    return out;
  }
  throw new RangeError('CBOR integers are limited to 64 bits');
}

function integer(value: bigint): Uint8Array<ArrayBuffer> {
  // A negative integer n is encoded as major type 1 with argument -1 - n.
  return value >= 0n ? head(MAJOR.unsigned, value) : head(MAJOR.negative, -1n - value);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Encodes one value. Throws on anything outside the supported subset (fractions, booleans, …). */
export function encodeCbor(value: CborValue): Uint8Array<ArrayBuffer> {
  if (typeof value === 'bigint') return integer(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`CBOR encoder supports integers only (got ${value})`);
    return integer(BigInt(value));
  }
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return concat([head(MAJOR.text, BigInt(bytes.length)), bytes]);
  }
  if (value instanceof Uint8Array) return concat([head(MAJOR.bytes, BigInt(value.length)), value]);
  if (Array.isArray(value)) return concat([head(MAJOR.array, BigInt(value.length)), ...value.map(encodeCbor)]);
  if (value instanceof Map) {
    const parts: Uint8Array<ArrayBuffer>[] = [head(MAJOR.map, BigInt(value.size))];
    for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item));
    return concat(parts);
  }
  throw new TypeError('Unsupported CBOR value');
}
