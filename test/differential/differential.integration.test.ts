/**
 * The differential harness: hostile raw HTTP requests (fast-check, differential/requests.ts) sent
 * through real nginx and real Caddy running the generated configurations, in front of the real
 * Gatehouse server (its verify calls recorded by a relay) and recording upstream apps. For every
 * request, the properties of differential/properties.ts must hold: whatever an app receives is a
 * host, path, query and method Gatehouse judged 2xx for that very request, with the identity
 * Gatehouse named and without its session cookie; the client never sees the real Paperless
 * token; the proxy never answers 5xx; the portal never passes a verify path or /api/metrics on to
 * Gatehouse.
 *
 * Every request that ever broke a property is kept in differential/kept-cases.ts and runs here
 * as a named case. A failing generated request is shrunk and printed with fast-check's seed:
 * GATEHOUSE_DIFFERENTIAL_SEED=<seed> replays the run, GATEHOUSE_DIFFERENTIAL_RUNS=<n> changes how
 * many requests each proxy gets.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_CASES } from './kept-cases';
import { violations, type TObservation, type TProxyKind } from './properties';
import { portalClosedArb, requestArb, type TRequestPlan } from './requests';
import { startDifferentialStack, type TStack } from './stack';

/** ≈ 1–3 ms a request on this 2-core machine: a few seconds per proxy. */
const RUNS = Number(process.env.GATEHOUSE_DIFFERENTIAL_RUNS ?? 3_000);
const PORTAL_RUNS = Math.max(100, Math.round(RUNS / 6));
const SEED = process.env.GATEHOUSE_DIFFERENTIAL_SEED ? Number(process.env.GATEHOUSE_DIFFERENTIAL_SEED) : undefined;

let stack: TStack;

beforeAll(async () => {
  stack = await startDifferentialStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type TCounts = { sent: number; reachedApp: number; byStatus: Record<string, number> };

function tally(counts: TCounts, observation: TObservation): void {
  counts.sent++;
  if (observation.upstream.length) counts.reachedApp++;
  const status = `${String(observation.response.status).slice(0, 1)}xx`;
  counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
}

function describeCounts(proxy: TProxyKind, label: string, counts: TCounts): string {
  const statuses = Object.entries(counts.byStatus)
    .sort()
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return `[differential] ${proxy}, ${label}: ${counts.sent} requests, ${counts.reachedApp} reached an app; answers: ${statuses}`;
}

async function checked(proxy: TProxyKind, plan: TRequestPlan, counts?: TCounts): Promise<void> {
  const observation = await stack.exchange(proxy, plan);
  if (counts) tally(counts, observation);
  const found = violations(observation, stack.world(proxy));
  if (found.length) throw new Error(`${found.length} violation(s):\n  - ${found.join('\n  - ')}\nresponse: ${observation.response.raw.slice(0, 300)}`);
}

describe.each(['nginx', 'caddy'] as const)('%s with the generated configuration, in front of the real Gatehouse', (proxy) => {
  for (const { name, plan } of KEPT_CASES) {
    it(`kept case: ${name}`, async () => {
      await checked(proxy, plan);
    });
  }

  it('holds every property for generated hostile requests', async () => {
    const counts: TCounts = { sent: 0, reachedApp: 0, byStatus: {} };
    try {
      await fc.assert(
        fc.asyncProperty(requestArb, (plan) => checked(proxy, plan, counts)),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), interruptAfterTimeLimit: 100_000 },
      );
    } finally {
      console.log(describeCounts(proxy, 'generated requests', counts));
    }
    // The generator must keep reaching the apps, or the properties above would hold vacuously.
    expect(counts.reachedApp).toBeGreaterThan(RUNS / 20);
  }, 180_000);

  it('never passes a verify path or /api/metrics on to Gatehouse from the portal, in any spelling', async () => {
    const counts: TCounts = { sent: 0, reachedApp: 0, byStatus: {} };
    try {
      await fc.assert(
        fc.asyncProperty(portalClosedArb, (plan) => checked(proxy, plan, counts)),
        { numRuns: PORTAL_RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), interruptAfterTimeLimit: 60_000 },
      );
    } finally {
      console.log(describeCounts(proxy, 'verify and metrics spellings on the portal', counts));
    }
  }, 120_000);

  it('correlates every request it saw (no upstream or Gatehouse request without the harness id)', () => {
    expect(stack.orphans()).toEqual({ upstream: [], gatehouse: [] });
  });
});
