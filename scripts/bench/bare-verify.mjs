#!/usr/bin/env node
// The "Node.js limit" for `npm run bench:verify`: a bare node:http server that answers every
// request with an empty 200, as fast as Node can, with the same keep-alive settings as
// Gatehouse's server. nginx's auth_request is pointed at it to see what Node itself costs.
// Usage: node scripts/bench/bare-verify.mjs --port 0   (prints "bare-verify ready port=<port>")
import { createServer } from 'node:http';

const index = process.argv.indexOf('--port');
const port = index > 0 ? Number(process.argv[index + 1]) : 0;

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Length': '0' });
  res.end();
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, '127.0.0.1', () => {
  console.log(`bare-verify ready port=${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
