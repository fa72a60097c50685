/**
 * Prometheus series read from plain numbers at scrape time: the verify tally (verify-tally.ts)
 * and the session cache's hit and miss counts. prom-client's registry asks each metric only for
 * its name, help, type and values (get()), which these objects give; they are registered with a
 * cast because its types list only its own classes.
 */
import type { Registry } from 'prom-client';
import { VERIFY_LATENCY_BUCKETS, VERIFY_OUTCOMES, type VerifyTally } from './verify-tally';

type Sample = { value: number; labels: Record<string, string>; metricName?: string };
type Snapshot = { name: string; help: string; type: 'counter' | 'histogram'; values: Sample[]; aggregator: 'sum' };

class ReadAtScrape {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly read: () => Sample[],
  ) {}

  async get(): Promise<Snapshot> {
    return { name: this.name, help: this.help, type: this.type, values: this.read(), aggregator: 'sum' };
  }
}

function register(registry: Registry, metric: ReadAtScrape): void {
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

export function decisionSamples(tally: VerifyTally): Sample[] {
  const samples: Sample[] = [];
  for (const [application, row] of tally.decisions) {
    VERIFY_OUTCOMES.forEach((outcome, i) => {
      samples.push({ value: row[i]!, labels: { outcome, application } });
    });
  }
  return samples;
}

export function latencySamples(tally: VerifyTally, name: string): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  VERIFY_LATENCY_BUCKETS.forEach((bound, i) => {
    cumulative += tally.latencyBuckets[i]!;
    samples.push({ value: cumulative, labels: { le: String(bound) }, metricName: `${name}_bucket` });
  });
  samples.push({ value: tally.latencyCount, labels: { le: '+Inf' }, metricName: `${name}_bucket` });
  samples.push({ value: tally.latencySum, labels: {}, metricName: `${name}_sum` });
  samples.push({ value: tally.latencyCount, labels: {}, metricName: `${name}_count` });
  return samples;
}

export type CacheCounts = { hits: number; misses: number };

export function registerVerifyMetrics(registry: Registry, tally: VerifyTally, cache: () => CacheCounts): void {
  register(
    registry,
    new ReadAtScrape(
      'gatehouse_verify_decisions_total',
      'Verify answers by outcome and by the application whose rule decided ("none": no application).',
      'counter',
      () => decisionSamples(tally),
    ),
  );
  const latency = 'gatehouse_verify_duration_seconds';
  register(
    registry,
    new ReadAtScrape(latency, 'Time from the verify request reaching Gatehouse to its answer being written.', 'histogram', () =>
      latencySamples(tally, latency),
    ),
  );
  register(
    registry,
    new ReadAtScrape('gatehouse_verify_cache_hits_total', 'Session lookups of the verify endpoint answered from its cache.', 'counter', () => [
      { value: cache().hits, labels: {} },
    ]),
  );
  register(
    registry,
    new ReadAtScrape('gatehouse_verify_cache_misses_total', 'Session lookups of the verify endpoint that asked the database.', 'counter', () => [
      { value: cache().misses, labels: {} },
    ]),
  );
}
