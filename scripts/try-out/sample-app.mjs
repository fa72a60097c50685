#!/usr/bin/env node
// The sample application of `npm run try-out`: a page that says who Gatehouse let in. It trusts
// the Remote-* headers because only the proxy in front of it can reach it (it listens on
// 127.0.0.1, and the generated proxy configuration strips client-sent copies of those headers).
// Usage: node scripts/try-out/sample-app.mjs --port 0 --portal http://auth.gatehouse.localhost:8080
// Prints "sample-app ready port=<port>" once it listens on 127.0.0.1.
import { createServer } from 'node:http';

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const portal = arg('portal', '');

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function samplePage(headers) {
  const user = headers['remote-user'] ?? '';
  const name = headers['remote-name'] || user;
  const groups = (headers['remote-groups'] ?? '').split(',').filter(Boolean);
  const who = user
    ? `<h1>Hello, ${escapeHtml(name)}!</h1><p>Gatehouse let you in as <strong data-testid="remote-user">${escapeHtml(user)}</strong>${
        groups.length ? `, in ${groups.map((g) => `<code>${escapeHtml(g)}</code>`).join(', ')}` : ''
      }.</p>`
    : '<h1>Hello!</h1><p>This page was reached without a Gatehouse identity: the proxy in front of it is not asking Gatehouse.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sample app · Gatehouse try-out</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
  code { background: color-mix(in srgb, currentColor 10%, transparent); padding: 0 .25rem; border-radius: .25rem; }
  a { color: #4f46e5; }
</style></head>
<body><main>
${who}
<p>This is the sample application of <code>npm run try-out</code>. It knows nothing about passwords or second factors:
the reverse proxy asked Gatehouse about every request, and Gatehouse answered with who you are.</p>
${portal ? `<p><a href="${escapeHtml(portal)}/">Back to Gatehouse</a> · <a href="${escapeHtml(portal)}/logout">Sign out</a></p>` : ''}
</main></body></html>
`;
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = samplePage(req.headers);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
  });
});

server.listen(Number(arg('port', '0')), '127.0.0.1', () => {
  console.log(`sample-app ready port=${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
