// Decodes server-action bodies the way Next does (React's decodeReply), in a process started
// with `--conditions react-server` (the server decoder refuses to load without it). Reads a JSON
// list of bodies on stdin ({ text } or { fields: [[name, value], …] }) and prints, for each,
// "ok" when it decoded to an argument list, else the error.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { decodeReply } = require('next/dist/compiled/react-server-dom-turbopack/server.node.js');

const input = JSON.parse(
  await new Promise((resolve) => {
    let data = '';
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
  }),
);

const results = [];
for (const body of input) {
  let payload = body.text;
  if (body.fields) {
    payload = new FormData();
    for (const [name, value] of body.fields) payload.append(name, value);
  }
  try {
    const decoded = await Promise.race([
      Promise.resolve(decodeReply(payload, {})),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out (a part that never arrives)')), 2000)),
    ]);
    results.push(Array.isArray(decoded) ? 'ok' : `not a list: ${typeof decoded}`);
  } catch (error) {
    results.push(`error: ${error?.message}`);
  }
}
process.stdout.write(JSON.stringify(results));
