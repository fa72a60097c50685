/**
 * The two doors to verifyRequest: Node's http (the fast path answered by lib/server before Next
 * sees the request) and the Web Request of the App Router route handlers (the documented
 * contract, also what `next dev` serves).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsSink } from '../metrics/sink';
import type { VerifyTally } from '../metrics/verify-tally';
import type { VerifyFlavour } from './forwarded-request';
import { headerBagFromNode, headerBagFromWeb } from './headers';
import { getVerifyRuntime } from './runtime';
import { verifyRequest, type VerifyResponse } from './verify-request';

/** Paths the verify endpoint answers on, Authelia's included (a config written for Authelia works). */
export const VERIFY_PATHS: Record<string, VerifyFlavour> = {
  '/api/verify': 'auth-request',
  '/api/verify/forward-auth': 'forward-auth',
  '/api/authz/auth-request': 'auth-request',
  '/api/authz/forward-auth': 'forward-auth',
};

/** The flavour for a request URL ("/api/verify?x" → auth-request), or null for other paths. */
export function verifyFlavourOf(url: string | undefined): VerifyFlavour | null {
  if (!url?.startsWith('/api/')) return null;
  const query = url.indexOf('?');
  return VERIFY_PATHS[query < 0 ? url : url.slice(0, query)] ?? null;
}

/** The fast path: no promise at all when the session is cached (lib/server waits for `ready`). */
export function handleVerifyNode(req: IncomingMessage, res: ServerResponse, flavour: VerifyFlavour): void {
  const runtime = getVerifyRuntime();
  // Metrics on: the answer and its time go to plain counters (lib/metrics/verify-tally.ts).
  const tally = metricsSink()?.verify;
  const started = tally === undefined ? 0 : performance.now();
  const result = verifyRequest({ flavour, headers: headerBagFromNode(req.headers, req.rawHeaders), peer: req.socket.remoteAddress ?? null }, runtime.deps);
  if (result instanceof Promise) {
    result.then(
      (response) => send(req, res, response, tally, started),
      (error: unknown) => send(req, res, { status: 500, headers: {}, body: 'Internal error' }, tally, started, error),
    );
  } else {
    send(req, res, result, tally, started);
  }
}

function send(req: IncomingMessage, res: ServerResponse, response: VerifyResponse, tally: VerifyTally | undefined, started: number, error?: unknown): void {
  if (error) console.error('[gatehouse] verify failed:', error);
  // An explicit length (0 for most answers) instead of chunked encoding lets nginx keep the
  // connection open for the next auth subrequest.
  response.headers['Content-Length'] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, response.headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
  if (tally !== undefined) tally.record(response, (performance.now() - started) / 1000);
}

/**
 * Route handlers do not see the TCP peer; the Gatehouse server passes its resolved client address
 * in a header, and without it (next dev) network rules simply do not match.
 */
export async function handleVerifyWeb(request: Request, flavour: VerifyFlavour): Promise<Response> {
  const runtime = getVerifyRuntime();
  await runtime.ready;
  const tally = metricsSink()?.verify;
  const started = tally === undefined ? 0 : performance.now();
  const response = await verifyRequest({ flavour, headers: headerBagFromWeb(request.headers), peer: null }, runtime.deps);
  if (tally !== undefined) tally.record(response, (performance.now() - started) / 1000);
  return new Response(request.method === 'HEAD' || !response.body ? null : response.body, { status: response.status, headers: response.headers });
}
