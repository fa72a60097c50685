import { describe, expect, it } from 'vitest';
import { PaperlessError } from './client';
import { createTokenQueue } from './token-queue';

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

const throttled = (seconds?: number) => new PaperlessError('throttled', 'throttled', 429, seconds);

describe('the /api/token/ queue', () => {
  it('waits for Retry-After and tries again', async () => {
    const clock = fakeClock();
    const queue = createTokenQueue({ maxWaitMs: 70_000, defaultRetryMs: 15_000, ...clock });
    let calls = 0;
    const result = await queue.run(async () => {
      calls++;
      if (calls < 3) throw throttled(12);
      return 'token';
    });
    expect(result).toBe('token');
    expect(clock.sleeps).toEqual([12_000, 12_000]);
  });

  it('uses the default wait when Paperless gives no Retry-After', async () => {
    const clock = fakeClock();
    const queue = createTokenQueue({ maxWaitMs: 70_000, defaultRetryMs: 15_000, ...clock });
    let calls = 0;
    await queue.run(async () => (calls++ === 0 ? Promise.reject(throttled()) : 'ok'));
    expect(clock.sleeps).toEqual([15_000]);
  });

  it('gives up with a clear message instead of waiting past its budget', async () => {
    const clock = fakeClock();
    const queue = createTokenQueue({ maxWaitMs: 30_000, defaultRetryMs: 15_000, ...clock });
    let calls = 0;
    await expect(
      queue.run(async () => {
        calls++;
        throw throttled(20);
      }),
    ).rejects.toThrow(/asked to wait 20 s/);
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([20_000]);
  });

  it('does not retry other failures', async () => {
    const clock = fakeClock();
    const queue = createTokenQueue({ maxWaitMs: 70_000, defaultRetryMs: 15_000, ...clock });
    let calls = 0;
    await expect(
      queue.run(async () => {
        calls++;
        throw new PaperlessError('http', 'boom', 500);
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('runs one call at a time, in order, and a failure does not block the next', async () => {
    const queue = createTokenQueue({ maxWaitMs: 70_000, defaultRetryMs: 1 });
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run(async () => {
      log.push('first:start');
      await gate;
      log.push('first:end');
      throw new Error('first failed');
    });
    const second = queue.run(async () => {
      log.push('second');
      return 2;
    });
    expect(queue.pending).toBe(2);
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['first:start']);
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
    expect(queue.pending).toBe(0);
  });
});
