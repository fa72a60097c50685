/**
 * Who may read /api/metrics. Off (the default): nobody, 404 as for any unknown path. With a
 * token: whoever sends `Authorization: Bearer <token>` (compared in constant time), else 401.
 * Without one: only a loopback peer that is not relaying someone else's request (no
 * X-Forwarded-For, X-Real-IP or Forwarded: a reverse proxy on the same machine sets them, so the
 * endpoint is not opened to the internet through it), else 403.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MetricsConfig } from '../config';

export type MetricsRequest = {
  method: string | undefined;
  /** The TCP peer, as the socket reports it. */
  peer: string | undefined;
  headers: Readonly<Record<string, string | string[] | undefined>>;
};

export type MetricsVerdict = { status: 200 | 401 | 403 | 404 | 405 };

const RELAY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const;

export function isLoopbackPeer(peer: string | undefined): boolean {
  if (!peer) return false;
  const address = peer.startsWith('::ffff:') ? peer.slice(7) : peer;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** Both sides hashed first: equal lengths for timingSafeEqual, and the time says nothing about the token's length. */
export function sameToken(offered: string, expected: string): boolean {
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

export function metricsAccess(request: MetricsRequest, config: MetricsConfig): MetricsVerdict {
  if (!config.enabled) return { status: 404 };
  if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405 };
  if (config.token !== null) {
    const offered = bearerOf(request.headers.authorization);
    return { status: offered !== null && sameToken(offered, config.token) ? 200 : 401 };
  }
  if (!isLoopbackPeer(request.peer)) return { status: 403 };
  if (RELAY_HEADERS.some((name) => request.headers[name] !== undefined)) return { status: 403 };
  return { status: 200 };
}
