#!/usr/bin/env node
// The "Node.js limit" for `npm run bench:oidc`: a bare node:http server that reads the request
// body (as the token endpoint reads its form) and answers a small JSON document of the size of a
// token response, with the same keep-alive settings as Gatehouse's server.
// Usage: node scripts/bench/bare-json.mjs --port 0   (prints "bare-json ready port=<port>")
import { createServer } from 'node:http';

const index = process.argv.indexOf('--port');
const port = index > 0 ? Number(process.argv[index + 1]) : 0;

const BODY = JSON.stringify({
  access_token: 'x'.repeat(43),
  expires_in: 3600,
  id_token: 'y'.repeat(700),
  refresh_token: 'z'.repeat(43),
  scope: 'openid profile email groups offline_access',
  token_type: 'Bearer',
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, '127.0.0.1', () => {
  console.log(`bare-json ready port=${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
