/**
 * Metrics for this process, when GATEHOUSE_METRICS is on: the registry (create-metrics.ts),
 * installed as the sink the counting code hands its events to (sink.ts), and a database probe
 * every PROBE_INTERVAL_MS. Returns null when metrics are off: nothing is created or counted.
 */
import type { ObservabilityEnv } from '../config';
import type { Db } from '../db';
import type { ListenerStats } from '../instances/event-listener';
import type { VerifyRuntime } from '../verify/runtime';
import { createMetrics, type Metrics } from './create-metrics';
import { installMetricsSink } from './sink';

export const PROBE_INTERVAL_MS = 15_000;

export type RunningMetrics = Metrics & { stop(): void };

export function startMetrics(
  env: ObservabilityEnv,
  db: () => Db,
  verify: () => VerifyRuntime,
  instanceEvents: () => ListenerStats | null = () => null,
): RunningMetrics | null {
  if (!env.metrics.enabled) return null;
  const metrics = createMetrics({ db, cache: () => verify().cache, pool: () => verify().poolCounts(), instanceEvents });
  installMetricsSink(metrics.sink);
  void metrics.probeDatabase();
  const timer = setInterval(() => void metrics.probeDatabase(), PROBE_INTERVAL_MS);
  timer.unref();
  return {
    ...metrics,
    stop() {
      clearInterval(timer);
    },
  };
}
