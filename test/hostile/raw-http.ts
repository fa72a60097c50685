/**
 * An HTTP/1.1 client that sends exactly the bytes it is given: any request target (absolute
 * form, raw backslashes, unencoded bytes), header names and values as written (duplicates,
 * control bytes, obs-text, 60 KB values), any body and Content-Type. Node's http.request
 * refuses most of that before it reaches the wire, which is why the corpus needs its own.
 * One request per connection (`Connection: close`), read to the end.
 */
import { connect } from 'node:net';

export type RawHeader = readonly [name: string, value: string];

export type RawRequest = {
  port: number;
  /** The source address: another loopback address (127.0.0.2 …) plays another client. */
  localAddress?: string;
  method: string;
  target: string;
  headers: readonly RawHeader[];
  body?: Buffer;
};

export type RawReply = {
  status: number;
  /** Lower-case names; every value of a repeated header, in order. */
  headers: Record<string, string[]>;
  body: string;
};

/** Header values travel as bytes: each UTF-16 unit below 256 is one byte (latin1), so "\xe2\x80\xa8" is three raw bytes. */
const bytes = (text: string) => Buffer.from(text, 'latin1');

export function sendRaw(request: RawRequest, timeoutMs = 20_000): Promise<RawReply> {
  const head = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  const hasLength = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (request.body && !hasLength) head.push(`Content-Length: ${request.body.length}`);
  if (!request.headers.some(([name]) => name.toLowerCase() === 'connection')) head.push('Connection: close');
  const payload = Buffer.concat([bytes(`${head.join('\r\n')}\r\n\r\n`), request.body ?? Buffer.alloc(0)]);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: request.port, ...(request.localAddress ? { localAddress: request.localAddress } : {}) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may answer (413, 400) and close before the whole body is written: the write
    // then fails (EPIPE, ECONNRESET) while the answer is still there to read, so a failure is
    // reported only when no answer came by the time the socket closes.
    let failure: Error | null = null;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error;
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      try {
        resolve(parseReply(data));
      } catch (error) {
        reject(failure ?? error);
      }
    });
    socket.write(payload);
  });
}

function parseReply(data: Buffer): RawReply {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP answer (${data.length} bytes): ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1];
  if (!status) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  let body = data.subarray(end + 4);
  if (headers['transfer-encoding']?.some((v) => /chunked/i.test(v))) body = dechunk(body);
  return { status: Number(status), headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
