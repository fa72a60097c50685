// Preloaded (`node --import`) into the Gatehouse processes of `npm run bench:verify` only: on
// SIGUSR2 the process writes one line with its memory figures to stdout, which the bench reads
// from the process's output. A signal, not an HTTP endpoint: nothing is exposed on any socket,
// only the process's owner can ask, the verify path runs no extra code (the metrics endpoint
// would need GATEHOUSE_METRICS=on, which changes what the bench measures), and `npm start`
// never loads this file.
import { memoryUsage } from 'node:process';

let sequence = 0;
process.on('SIGUSR2', () => {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = memoryUsage();
  process.stdout.write(`GATEHOUSE_BENCH_MEMORY ${JSON.stringify({ sequence: ++sequence, rss, heapUsed, heapTotal, external, arrayBuffers })}\n`);
});
