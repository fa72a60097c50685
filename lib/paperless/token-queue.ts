/**
 * Paperless throttles POST /api/token/ (5 a minute by default, counted per client address, and
 * Gatehouse is one address). Calls to it go through this queue: one at a time, and a 429 waits
 * for Paperless's Retry-After before trying again, within a total budget — never hammering.
 */
import { PaperlessError } from './client';

export type TokenQueueOptions = {
  /** Give up (with a clear message) when the next retry would end later than this after the call. */
  maxWaitMs: number;
  /** Wait used when a 429 carries no Retry-After. */
  defaultRetryMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

export type TokenQueue = { run<T>(task: () => Promise<T>): Promise<T>; readonly pending: number };

export function createTokenQueue(options: TokenQueueOptions): TokenQueue {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;

  async function attempt<T>(task: () => Promise<T>, deadline: number): Promise<T> {
    for (;;) {
      try {
        return await task();
      } catch (error) {
        if (!(error instanceof PaperlessError) || error.kind !== 'throttled') throw error;
        const waitMs = error.retryAfterSeconds !== undefined ? Math.max(1, error.retryAfterSeconds) * 1000 : options.defaultRetryMs;
        if (now() + waitMs > deadline) {
          throw new PaperlessError(
            'throttled',
            `Paperless is limiting sign-ins (it asked to wait ${Math.ceil(waitMs / 1000)} s). Try again in a minute.`,
            429,
            error.retryAfterSeconds,
          );
        }
        await sleep(waitMs);
      }
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const deadline = now() + options.maxWaitMs;
      pending++;
      const result = tail.then(() => attempt(task, deadline));
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result.finally(() => pending--);
    },
    get pending() {
      return pending;
    },
  };
}

const KEY = Symbol.for('gatehouse.paperlessTokenQueue');
type Holder = { [KEY]?: TokenQueue };

/** The process's queue (shared by Next's bundles and the server through globalThis). */
export function processTokenQueue(): TokenQueue {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createTokenQueue({ maxWaitMs: 70_000, defaultRetryMs: 15_000 }));
}
