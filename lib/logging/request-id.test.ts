import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseCidrs } from '../config/trusted-proxies';
import { newRequestId, requestIdFor } from './request-id';

const trusted = parseCidrs('127.0.0.0/8', []);
const request = (peer: string, id?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;

describe('requestIdFor', () => {
  it("keeps a trusted proxy's well-formed id", () => {
    expect(requestIdFor(request('127.0.0.1', 'f3a9c2d1e0b4'), trusted)).toBe('f3a9c2d1e0b4');
    expect(requestIdFor(request('127.0.0.1', 'a.b:c-d_e'), trusted)).toBe('a.b:c-d_e');
  });

  it('makes its own for anyone else, and for a malformed or repeated header', () => {
    for (const req of [
      request('192.0.2.7', 'f3a9c2d1e0b4'),
      request('127.0.0.1', 'bad id'),
      request('127.0.0.1', 'x'.repeat(129)),
      request('127.0.0.1', '{"json":1}'),
      request('127.0.0.1', ['a', 'b']),
      request('127.0.0.1'),
    ]) {
      expect(requestIdFor(req, trusted)).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    }
  });

  it('never repeats one in a process', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    expect(ids.size).toBe(1000);
  });
});
