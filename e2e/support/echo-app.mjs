#!/usr/bin/env node
// A stand-in for a protected app behind a real reverse proxy in tests: answers every request
// with JSON { method, url, host, headers } (all request headers, lower-cased names, as Node
// parsed them), so a test can see exactly what the proxy passed on — e.g. that `remote-user`
// is Gatehouse's answer and no client-sent `remote_user` got through.
// Usage: node e2e/support/echo-app.mjs --port 0   (0 = pick a free port)
// Prints "echo-app ready port=<port>" once it listens on 127.0.0.1.
import { createServer } from 'node:http';

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const server = createServer((req, res) => {
  // Drain the body so keep-alive connections stay usable; its content is not echoed.
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ method: req.method, url: req.url, host: req.headers.host ?? null, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

server.listen(Number(arg('port', '0')), '127.0.0.1', () => {
  console.log(`echo-app ready port=${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
