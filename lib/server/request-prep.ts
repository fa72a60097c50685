/**
 * The Gatehouse server is the trust boundary that sees the TCP peer. Before a request reaches
 * Next it removes headers only the server may set and writes the resolved client address.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TrustedProxiesEnv } from '../config';
import { isTrustedPeer, resolveClientIp } from '../http/client-ip';
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from '../http/internal-headers';

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(',') : value;
}

export function clientIpOf(req: IncomingMessage, env: TrustedProxiesEnv): string | null {
  return resolveClientIp({
    peer: req.socket.remoteAddress,
    forwardedFor: single(req.headers['x-forwarded-for']),
    realIp: single(req.headers['x-real-ip']),
    trustedProxies: env.trustedProxies,
  });
}

/** Headers that say where a request was addressed: believed only from a trusted proxy. */
const FORWARDED_ADDRESSING = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'] as const;

/** `requestId`: the id the JSON request log gave it (lib/logging), else a fresh one. */
export function prepareRequest(req: IncomingMessage, env: TrustedProxiesEnv, requestId?: string): void {
  delete req.headers[CLIENT_IP_HEADER];
  delete req.headers['x-gatehouse-pathname'];
  if (!isTrustedPeer(req.socket.remoteAddress, env.trustedProxies)) for (const name of FORWARDED_ADDRESSING) delete req.headers[name];
  const ip = clientIpOf(req, env);
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  req.headers[REQUEST_ID_HEADER] = requestId ?? randomBytes(8).toString('hex');
}
