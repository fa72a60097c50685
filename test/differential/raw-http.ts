/**
 * Raw HTTP/1.1 over a socket, both ways, for the differential harness. Node's http client
 * refuses or rewrites too much (absolute-form request lines with another Host, duplicated Host,
 * raw bytes, backslashes), and its server parser would hide what a proxy really forwarded; here
 * every byte is the test's. Strings carry bytes as latin1 characters.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type THeader = [name: string, value: string];

export type TRawResponse = {
  /** 0 when the server closed the connection without a status line. */
  status: number;
  headers: THeader[];
  body: string;
  /** Everything the server sent, as latin1. */
  raw: string;
};

export type TRawRequestSeen = {
  /** Which app's upstream received it (the harness gives every app its own). */
  app: string;
  method: string;
  /** The request-target exactly as the proxy sent it. */
  target: string;
  version: string;
  headers: THeader[];
  body: string;
};

/** The (case-insensitive) values of header `name`, in order. */
export function headerValues(headers: readonly THeader[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

function parseHead(head: string): { start: string; headers: THeader[] } {
  const [start = '', ...lines] = head.split('\r\n');
  const headers: THeader[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { start, headers };
}

/** A chunked body's data, or null while it is incomplete. */
function dechunk(data: string): string | null {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) return null;
    const size = parseInt(data.slice(at, eol).split(';')[0]!, 16);
    if (Number.isNaN(size)) return out;
    if (size === 0) return out;
    if (data.length < eol + 2 + size + 2) return null;
    out += data.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Sends `request` (latin1 bytes) on a new connection and reads until the server closes it. */
export function sendRaw(port: number, request: string, timeoutMs = 15_000): Promise<TRawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; got ${JSON.stringify(raw.slice(0, 300))}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const end = raw.indexOf('\r\n\r\n');
      if (end < 0) {
        resolve({ status: 0, headers: [], body: '', raw });
        return;
      }
      const { start, headers } = parseHead(raw.slice(0, end));
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(start)?.[1] ?? 0);
      const rest = raw.slice(end + 4);
      const chunked = headerValues(headers, 'transfer-encoding').some((v) => /chunked/i.test(v));
      resolve({ status, headers, body: chunked ? (dechunk(rest) ?? rest) : rest, raw });
    });
    socket.write(Buffer.from(request, 'latin1'));
  });
}

export type TRawServer = { port: number; close(): Promise<void> };

/**
 * A stand-in upstream app that records each request exactly as it arrived (request line and
 * header lines untouched) and answers a small 200, closing the connection.
 */
export async function startRecordingUpstream(app: string, record: (request: TRawRequestSeen) => void): Promise<TRawServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('latin1');
    let data = '';
    let done = false;
    socket.on('data', (chunk: string) => {
      if (done) return;
      data += chunk;
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const { start, headers } = parseHead(data.slice(0, end));
      const rest = data.slice(end + 4);
      let body: string | null;
      if (headerValues(headers, 'transfer-encoding').some((v) => /chunked/i.test(v))) body = dechunk(rest);
      else {
        const length = Number(headerValues(headers, 'content-length')[0] ?? 0);
        body = rest.length >= length ? rest.slice(0, length) : null;
      }
      if (body === null) return;
      done = true;
      const first = start.indexOf(' ');
      const last = start.lastIndexOf(' ');
      record({ app, method: start.slice(0, first), target: start.slice(first + 1, last), version: start.slice(last + 1), headers, body });
      const answer = 'upstream';
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${answer.length}\r\nConnection: close\r\n\r\n${answer}`, 'latin1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
