/**
 * The two doors to verifyRequest: Node's http (the fast path answered by lib/server before Next
 * sees the request) and the Web Request of the App Router route handlers (the documented
 * contract, also what `next dev` serves).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifyFlavour } from './forwarded-request';
import { headerBagFromNode, headerBagFromWeb } from './headers';
import { getVerifyRuntime } from './runtime';
import { verifyRequest } from './verify-request';

/** Paths the verify endpoint answers on, Authelia's included (a config written for Authelia works). */
export const VERIFY_PATHS: Record<string, VerifyFlavour> = {
  '/api/verify': 'auth-request',
  '/api/verify/forward-auth': 'forward-auth',
  '/api/authz/auth-request': 'auth-request',
  '/api/authz/forward-auth': 'forward-auth',
};

/** The flavour for a request URL ("/api/verify?x" → auth-request), or null for other paths. */
export function verifyFlavourOf(url: string | undefined): VerifyFlavour | null {
  if (!url || !url.startsWith('/api/')) return null;
  const query = url.indexOf('?');
  return VERIFY_PATHS[query < 0 ? url : url.slice(0, query)] ?? null;
}

export async function handleVerifyNode(req: IncomingMessage, res: ServerResponse, flavour: VerifyFlavour): Promise<void> {
  const runtime = getVerifyRuntime();
  await runtime.ready;
  const response = await verifyRequest({ flavour, headers: headerBagFromNode(req.headersDistinct), peer: req.socket.remoteAddress ?? null }, runtime.deps);
  res.writeHead(response.status, response.headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
}

/**
 * Route handlers do not see the TCP peer; the Gatehouse server passes its resolved client address
 * in a header, and without it (next dev) network rules simply do not match.
 */
export async function handleVerifyWeb(request: Request, flavour: VerifyFlavour): Promise<Response> {
  const runtime = getVerifyRuntime();
  await runtime.ready;
  const response = await verifyRequest({ flavour, headers: headerBagFromWeb(request.headers), peer: null }, runtime.deps);
  return new Response(request.method === 'HEAD' ? null : response.body, { status: response.status, headers: response.headers });
}
