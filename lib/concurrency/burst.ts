/**
 * Concurrency tests fire N attempts at once, as an attacker (or a double-clicking user) would,
 * and then count what got through. Tests only.
 */
import type { Db } from '../db';

/**
 * Opens the client's whole connection pool (PostgreSQL: 10) before a burst, as a running server's
 * would be. A cold pool opens connections one by one, which spreads the burst's transactions out
 * and hides the races it is meant to find. Harmless on SQLite (one connection).
 */
export async function warmPool(db: Db, connections = 10): Promise<void> {
  await Promise.all(Array.from({ length: connections }, () => db.$queryRawUnsafe('SELECT 1')));
}

export type Burst<T> = {
  /** The values of the attempts that succeeded, in the order they were fired. */
  passed: T[];
  /** The errors of the attempts that were refused, in the order they were fired. */
  refused: unknown[];
  /** Each attempt's outcome, in the order they were fired. */
  settled: PromiseSettledResult<T>[];
};

/**
 * Starts `n` attempts in one go (no await between them) and waits for all of them. An attempt
 * that throws is "refused"; the test decides whether its error is the expected refusal.
 */
export async function burst<T>(n: number, attempt: (i: number) => Promise<T>): Promise<Burst<T>> {
  const settled: PromiseSettledResult<T>[] = await Promise.allSettled(Array.from({ length: n }, (_, i) => attempt(i)));
  return {
    settled,
    passed: settled.filter((s): s is PromiseFulfilledResult<T> => s.status === 'fulfilled').map((s) => s.value),
    refused: settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown),
  };
}

/** The error's code and message, for comparing refusals: `{ code: 'GONE', message: '…' }`. */
export function refusal(error: unknown): { code: string | undefined; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null;
  return { code: typeof e?.code === 'string' ? e.code : undefined, message: typeof e?.message === 'string' ? e.message : String(error) };
}

/** How many times each value occurs: `{ 'GONE': 29 }`. */
export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** A start line: each of `n` attempts waits at `arrive()` until all `n` are there, then all go on together. */
export type LineUp = { arrive(): Promise<void> };

/**
 * Lines up `n` attempts at a chosen point (a slow step before the part under test finishes at a
 * different moment for each, which would spread them out): no timing, only a count.
 */
export function lineUp(n: number): LineUp {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return {
    arrive() {
      arrived++;
      if (arrived >= n) release();
      return all;
    },
  };
}

/** A gate: attempts wait at `arrive()` until `open()`; `arrived` resolves once `n` of them are waiting. */
export type Gate = { arrive(): Promise<void>; arrived: Promise<void>; open(): void };

/**
 * Holds `n` attempts at a chosen point, so the test can do something (disable the user, revoke
 * every token) exactly while all of them are past their checks and before they write.
 */
export function gate(n: number): Gate {
  let count = 0;
  let allHere!: () => void;
  const arrived = new Promise<void>((resolve) => (allHere = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    arrived,
    open,
    arrive() {
      count++;
      if (count >= n) allHere();
      return opened;
    },
  };
}
