#!/usr/bin/env node
// A real SMTP server process for tests: accepts every message on 127.0.0.1 (no auth, no TLS),
// parses it, and serves what it caught over a tiny HTTP API:
//   GET    /messages[?to=addr]   → JSON array, oldest first
//   DELETE /messages             → forget everything
// Usage: node e2e/support/smtp-catcher.mjs --smtp-port 2525 --http-port 2580
// Prints "smtp-catcher ready smtp=<port> http=<port>" once both listen (ports 0 = pick free ones).
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const messages = [];
let nextId = 1;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        messages.push({
          id: nextId++,
          receivedAt: new Date().toISOString(),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: parsed.from?.text ?? '',
          to: parsed.to
            ? [parsed.to]
                .flat()
                .map((a) => a.text)
                .join(', ')
            : '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
        });
        callback();
      })
      .catch(callback);
  },
});

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/messages') {
    res.writeHead(404).end();
    return;
  }
  if (req.method === 'DELETE') {
    messages.length = 0;
    res.writeHead(204).end();
    return;
  }
  const to = url.searchParams.get('to')?.toLowerCase();
  const list = to ? messages.filter((m) => m.envelopeTo.includes(to)) : messages;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
});

smtp.listen(Number(arg('smtp-port', '0')), '127.0.0.1', () => {
  http.listen(Number(arg('http-port', '0')), '127.0.0.1', () => {
    console.log(`smtp-catcher ready smtp=${smtp.server.address().port} http=${http.address().port}`);
  });
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    smtp.close(() => undefined);
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
