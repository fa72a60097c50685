/**
 * One JSON line per request when GATEHOUSE_LOG_FORMAT=json, written when the answer is done:
 * method, path (logged-path.ts: no query, no token), status, duration in ms, the request id (also
 * sent back as X-Request-Id) and the client address as this server resolves it (the peer, or what
 * a trusted proxy says). Never a header value, a cookie, a query or a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TrustedProxiesEnv } from '../config';
import { resolveClientIp } from '../http/client-ip';
import { loggedPath } from './logged-path';
import type { JsonLogger } from './logger';
import { requestIdFor } from './request-id';

export type RequestLog = {
  /**
   * Names the request and logs it once answered or aborted; returns its id. `echo`: also send the
   * id back as X-Request-Id. The verify endpoint's answers go without it: a proxy never passes an
   * auth answer's headers on, and a header set before Node's writeHead(status, headers) would
   * send every answer header through the slow path.
   */
  begin(req: IncomingMessage, res: ServerResponse, echo: boolean): string;
};

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : (value ?? null));

/** Resolving parses every address (about 2 µs): the same peer and headers come back request after request. */
const MEMO_SIZE = 1_024;

function clientResolver(env: TrustedProxiesEnv): (req: IncomingMessage, peer: string | undefined) => string | null {
  const memo = new Map<string, string | null>();
  return (req, peer) => {
    const forwardedFor = single(req.headers['x-forwarded-for']);
    const realIp = single(req.headers['x-real-ip']);
    const key = `${peer}|${forwardedFor}|${realIp}`;
    let client = memo.get(key);
    if (client === undefined) {
      client = resolveClientIp({ peer, forwardedFor, realIp, trustedProxies: env.trustedProxies });
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(key, client);
    }
    return client;
  };
}

export function createRequestLog(logger: JsonLogger, env: TrustedProxiesEnv): RequestLog {
  const clientOf = clientResolver(env);
  return {
    begin(req, res, echo) {
      const started = performance.now();
      const id = requestIdFor(req, env.trustedProxies);
      if (echo) res.setHeader('X-Request-Id', id);
      const peer = req.socket.remoteAddress;
      res.once('close', () => {
        const client = clientOf(req, peer);
        logger.info(
          {
            reqId: id,
            method: req.method,
            path: loggedPath(req.url),
            status: res.statusCode,
            ms: Math.round((performance.now() - started) * 1000) / 1000,
            client,
            ...(res.writableFinished ? {} : { aborted: true }),
          },
          'request',
        );
      });
      return id;
    },
  };
}
