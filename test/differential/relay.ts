/**
 * A recording relay between the proxy and the real Gatehouse server: every request the proxy
 * makes (verify calls and portal traffic) is passed on unchanged — headers in their order, case
 * and number — and logged with Gatehouse's answer. It parses requests as Gatehouse's own server
 * does (Node's http with a 64 KiB header limit, lib/server/main.ts), so it refuses nothing
 * Gatehouse would take.
 */
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { THeader } from './raw-http';

export type TRelayed = {
  method: string;
  url: string;
  headers: THeader[];
  /** The same headers as Node parsed them for Gatehouse (what its verify code reads). */
  nodeHeaders: IncomingHttpHeaders;
  rawHeaders: string[];
  status: number;
  answer: THeader[];
};

function pairs(raw: readonly string[]): THeader[] {
  const out: THeader[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startRelay(target: { port: number }, record: (exchange: TRelayed) => void): Promise<{ port: number; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer({ maxHeaderSize: 65_536 }, (req, res) => {
    const seen = () => ({ method: req.method ?? '', url: req.url ?? '', headers: pairs(req.rawHeaders), nodeHeaders: req.headers, rawHeaders: req.rawHeaders });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = req.rawHeaders.filter((_, i, all) => (i % 2 === 0 ? !HOP_BY_HOP.has(all[i]!.toLowerCase()) : !HOP_BY_HOP.has(all[i - 1]!.toLowerCase())));
      if (body.length) headers.push('Content-Length', String(body.length));
      const upstream = request(
        // Answers may carry long headers (a redirect repeating a long path): as much as the
        // proxies read (Caddy's Go transport takes megabytes), not Node's client default of 16 KiB.
        { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers, agent, maxHeaderSize: 1 << 20 },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            const answerHeaders = pairs(answer.rawHeaders).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
            record({ ...seen(), status: answer.statusCode ?? 0, answer: answerHeaders });
            res.writeHead(answer.statusCode ?? 502, [...answerHeaders.flat(), 'Content-Length', String(answerBody.length)]);
            res.end(answerBody);
          });
        },
      );
      upstream.on('error', (error) => {
        record({ ...seen(), status: 0, answer: [] });
        res.writeHead(502).end(`relay: ${error.message}`);
      });
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
