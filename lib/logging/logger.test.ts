import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger, routeConsole } from './logger';

const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
afterEach(() => Object.assign(console, saved));

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('the JSON logger', () => {
  it('turns console lines, errors with their stacks included, into one JSON object per line', () => {
    const out = capture();
    routeConsole(createJsonLogger(out.stream));
    console.log('\n  Gatehouse is running at %s\n', 'http://localhost:9091');
    console.error('[gatehouse] request failed:', new Error('boom\nsecond line'));
    console.warn('careful');
    const lines = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'info', app: 'gatehouse', msg: 'Gatehouse is running at http://localhost:9091' });
    expect(lines[1]).toMatchObject({ level: 'error' });
    expect(lines[1]!.msg).toMatch(/^\[gatehouse\] request failed: Error: boom\nsecond line\n {4}at /);
    expect(lines[2]).toMatchObject({ level: 'warn', msg: 'careful' });
    expect(typeof lines[0]!.time).toBe('string');
  });
});
