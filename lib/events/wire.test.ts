import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessages, MAX_PAYLOAD_BYTES } from './wire';

const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
const origin = fc.uuid();

describe('announcement payloads', () => {
  it('a small event travels as one payload and reads back unchanged', () => {
    const [payload, ...rest] = encodeMessages('a', 'sessions-revoked', { tokenHashes: ['x'], userIds: ['u'] });
    expect(rest).toEqual([]);
    expect(decodeMessage(payload!)).toEqual({ origin: 'a', topic: 'sessions-revoked', event: { tokenHashes: ['x'], userIds: ['u'] } });
  });

  it('any list of ids is split into payloads under the limit that together carry every id once', () => {
    fc.assert(
      fc.property(origin, fc.array(hash, { maxLength: 600 }), fc.array(fc.uuid(), { maxLength: 300 }), (o, tokenHashes, userIds) => {
        const payloads = encodeMessages(o, 'sessions-revoked', { tokenHashes, userIds });
        const hashes: unknown[] = [];
        const users: unknown[] = [];
        for (const payload of payloads) {
          expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
          const message = decodeMessage(payload);
          expect(message?.topic).toBe('sessions-revoked');
          expect(message?.origin).toBe(o);
          hashes.push(...((message?.event.tokenHashes as unknown[]) ?? []));
          users.push(...((message?.event.userIds as unknown[]) ?? []));
        }
        expect(hashes).toEqual(tokenHashes);
        expect(users).toEqual(userIds);
      }),
      { numRuns: 60 },
    );
  });

  it('an event that cannot be split under the limit becomes "every cache is stale"', () => {
    const huge = 'x'.repeat(MAX_PAYLOAD_BYTES);
    for (const event of [{ note: huge }, { addresses: [huge] }]) {
      const payloads = encodeMessages('a', 'address-bans-lifted', event);
      expect(payloads.map((p) => decodeMessage(p))).toEqual([{ origin: 'a', topic: 'caches-stale', event: { reason: 'overflow' } }]);
    }
  });

  it('anything that is not one of our payloads is ignored, never thrown', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const message = decodeMessage(text);
        if (message) {
          expect(message.topic).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
          expect(typeof message.event).toBe('object');
        }
      }),
    );
    expect(decodeMessage(JSON.stringify({ o: 'a', t: '__proto__', e: {} }))).toBeNull();
    expect(decodeMessage(JSON.stringify({ o: 'a', t: 'x', e: [] }))).toBeNull();
  });
});
