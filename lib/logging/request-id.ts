/**
 * The id of one request, in the JSON log line and the X-Request-Id answer header: the one a
 * trusted proxy sent (nginx's $request_id, say), when it is well formed, so both logs name the
 * same request; otherwise one of our own (a random prefix for this process and a counter: unique
 * without costing a random number per request).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Cidr, isTrustedPeer } from '../http/client-ip';

export const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const prefix = randomBytes(4).toString('hex');
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${counter.toString(36)}`;
}

export function requestIdFor(req: IncomingMessage, trustedProxies: readonly Cidr[]): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && WELL_FORMED_REQUEST_ID.test(incoming) && isTrustedPeer(req.socket.remoteAddress, trustedProxies)) return incoming;
  return newRequestId();
}
