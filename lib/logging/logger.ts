/**
 * GATEHOUSE_LOG_FORMAT=json: one JSON object per line on stdout (pino), for log shippers. The
 * server's own console lines (and Next's, in this process) go through the same logger, so every
 * line of the output parses. Text (the default) changes nothing. Lines are collected and written
 * in batches of BATCH_BYTES (one write per line would cost a syscall on every request), at least
 * every FLUSH_MS, and at exit.
 */
import { format } from 'node:util';
import pino, { type Logger } from 'pino';
import type { LogFormat } from '../config';

export type JsonLogger = Logger;

const BATCH_BYTES = 8_192;
const FLUSH_MS = 1_000;

type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';
const LEVELS: Record<ConsoleLevel, 'info' | 'warn' | 'error' | 'debug'> = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' };

/** The logger for json, or null for text. `destination`: where the lines go (stdout unless a test says). */
export function createJsonLogger(destination: pino.DestinationStream): JsonLogger {
  return pino(
    {
      base: { app: 'gatehouse' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Sends console.log/info/warn/error/debug through `logger` (one line each, the text as `msg`). */
export function routeConsole(logger: JsonLogger): void {
  for (const [method, level] of Object.entries(LEVELS) as [ConsoleLevel, (typeof LEVELS)[ConsoleLevel]][]) {
    console[method] = (...args: unknown[]) => logger[level](format(...args).trim());
  }
}

/** Applies the configured format to this process; returns the logger for json, null for text. */
export function applyLogFormat(logFormat: LogFormat): JsonLogger | null {
  if (logFormat !== 'json') return null;
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
  const flush = setInterval(() => destination.flush(), FLUSH_MS);
  flush.unref();
  process.on('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing more can be written at this point.
    }
  });
  const logger = createJsonLogger(destination);
  routeConsole(logger);
  return logger;
}
