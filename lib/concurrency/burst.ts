/**
 * Concurrency tests fire N attempts at once, as an attacker (or a double-clicking user) would,
 * and then count what got through. Tests only.
 */

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
