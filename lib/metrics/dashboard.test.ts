/**
 * docs/grafana-dashboard.json: a dashboard Grafana imports (schemaVersion, a Prometheus
 * datasource input every panel uses) whose expressions name only metrics this code registers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics';

type Target = { expr: string; refId: string; datasource: { type: string; uid: string } };
type Panel = { id: number; title: string; type: string; datasource: { type: string; uid: string }; targets: Target[] };
type Dashboard = {
  __inputs: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string } }[] };
};

/** Grafana's placeholder for the datasource chosen at import (not a template string). */
const DS_UID = ['$', '{DS_PROMETHEUS}'].join('');

const dashboard = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'grafana-dashboard.json'), 'utf8')) as Dashboard;

/** Every series name the registry can expose (a histogram's _bucket/_sum/_count included). */
function registeredSeries(): Set<string> {
  const { registry } = createMetrics({
    db: () => {
      throw new Error('not used: nothing is scraped here');
    },
    cache: () => ({ hits: 0, misses: 0 }),
    pool: () => null,
  });
  const names = new Set<string>();
  for (const metric of registry.getMetricsAsArray() as unknown as { name: string; type: string }[]) {
    names.add(metric.name);
    if (metric.type === 'histogram' || metric.type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

const PROMQL_WORDS = new Set(['sum', 'max', 'min', 'by', 'rate', 'increase', 'histogram_quantile', 'label_values']);
const LABELS = new Set(['le', 'instance', 'outcome', 'application', 'method', 'subject', 'via', 'state']);

/** The identifiers of a PromQL expression, without strings, Grafana variables and range durations. */
function identifiers(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\w+/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return bare.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
}

describe('the Grafana dashboard', () => {
  const series = registeredSeries();
  const expressions = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => v.query.query)];

  it('is a dashboard Grafana imports with a Prometheus datasource input', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DS_UID });
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.datasource.uid).toBe(DS_UID);
    }
  });

  it('names only metrics the code registers, labels they carry and PromQL functions', () => {
    for (const expr of expressions) {
      const unknown = identifiers(expr).filter((word) => !PROMQL_WORDS.has(word) && !LABELS.has(word) && !series.has(word));
      expect(unknown, expr).toEqual([]);
    }
  });

  it('shows what the issue asks for', () => {
    const used = new Set(expressions.flatMap(identifiers).filter((word) => series.has(word)));
    for (const name of [
      'gatehouse_verify_decisions_total',
      'gatehouse_verify_duration_seconds_bucket',
      'gatehouse_verify_cache_hits_total',
      'gatehouse_verify_cache_misses_total',
      'gatehouse_sign_ins_total',
      'gatehouse_second_factor_checks_total',
      'gatehouse_bans_active',
      'gatehouse_bans_total',
      'gatehouse_mail_deliveries_total',
      'gatehouse_db_probe_duration_seconds_bucket',
      'gatehouse_process_resident_memory_bytes',
      'gatehouse_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('would notice a misspelt metric', () => {
    expect(
      identifiers('sum(rate(gatehouse_verify_decision_total{outcome="allow"}[5m]))').filter((w) => !PROMQL_WORDS.has(w) && !LABELS.has(w) && !series.has(w)),
    ).toEqual(['gatehouse_verify_decision_total']);
  });
});
