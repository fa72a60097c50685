/** The listener's counts of the other instances' announcements, as a scrape reads them. */
import { describe, expect, it } from 'vitest';
import type { ListenerStats } from '../instances/event-listener';
import { createMetrics } from './create-metrics';

function registryWith(stats: () => ListenerStats | null) {
  const { registry } = createMetrics({
    db: () => {
      throw new Error('not scraped');
    },
    cache: () => ({ hits: 0, misses: 0 }),
    pool: () => null,
    instanceEvents: stats,
  });
  return async (name: string) => {
    const metric = registry.getSingleMetric(name);
    return metric ? (await metric.get()).values.map((v) => [v.labels, v.value]) : null;
  };
}

describe('instance event metrics', () => {
  it('reports what the listener counted, as it is at each scrape', async () => {
    const stats: ListenerStats = { applied: 7, ownSkipped: 3, malformed: 1, reconnects: 2, listening: true };
    const values = registryWith(() => stats);
    expect(await values('gatehouse_instance_events_total')).toEqual([
      [{ kind: 'applied' }, 7],
      [{ kind: 'own' }, 3],
      [{ kind: 'malformed' }, 1],
    ]);
    expect(await values('gatehouse_instance_events_reconnects_total')).toEqual([[{}, 2]]);
    expect(await values('gatehouse_instance_events_listening')).toEqual([[{}, 1]]);
    stats.applied = 9;
    stats.listening = false;
    expect((await values('gatehouse_instance_events_total'))?.[0]).toEqual([{ kind: 'applied' }, 9]);
    expect(await values('gatehouse_instance_events_listening')).toEqual([[{}, 0]]);
  });

  it('exports no instance event series on SQLite (no listener)', async () => {
    const values = registryWith(() => null);
    expect(await values('gatehouse_instance_events_total')).toBeNull();
    expect(await values('gatehouse_instance_events_reconnects_total')).toBeNull();
    expect(await values('gatehouse_instance_events_listening')).toBeNull();
  });
});
