/**
 * A raw HTTP client for tests: unlike fetch it can send any Host header, duplicated headers and
 * hostile values, never follows redirects, and can connect over IPv6.
 */
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };

export function httpRequest(options: {
  port: number;
  path?: string;
  method?: string;
  host?: string;
  headers?: OutgoingHttpHeaders;
  address?: string;
  localAddress?: string;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address ?? '127.0.0.1',
        port: options.port,
        // Another loopback address (127.0.0.x) plays another client.
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: { ...(options.host ? { Host: options.host } : {}), ...options.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    // end(body) lets Node send a Content-Length (write() would switch to chunked encoding).
    req.end(options.body);
  });
}
