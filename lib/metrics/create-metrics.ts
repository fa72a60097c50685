/**
 * Every series Gatehouse exports, in one registry of this process (metrics are per instance:
 * Prometheus scrapes each one). prom-client's default metrics (memory, heap, GC, event-loop lag)
 * carry the gatehouse_ prefix like the rest.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db';
import type { ListenerStats } from '../instances/event-listener';
import { countedEvent } from './audit-labels';
import type { MetricsSink } from './sink';
import { registerVerifyMetrics, type CacheCounts } from './tally-metrics';
import { VerifyTally } from './verify-tally';

/** The pool the verify endpoint reads sessions through (PostgreSQL only). */
export type PoolCounts = { total: number; idle: number; waiting: number };

export type MetricsSources = {
  db: () => Db;
  cache: () => CacheCounts;
  pool: () => PoolCounts | null;
  /** The listener of the other instances' announcements (PostgreSQL only; null on SQLite). */
  instanceEvents?: () => ListenerStats | null;
};

export type Metrics = {
  registry: Registry;
  sink: MetricsSink;
  /** Times `SELECT 1` on the portal's database connection and records it (db_probe metrics). */
  probeDatabase(): Promise<void>;
};

export const DB_PROBE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PROBE_TIMEOUT_MS = 2_000;

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_' });

  const tally = new VerifyTally();
  registerVerifyMetrics(registry, tally, sources.cache);

  const signIns = new Counter({
    name: 'gatehouse_sign_ins_total',
    help: 'Sign-ins by method and outcome (audited).',
    labelNames: ['method', 'outcome'],
    registers,
  });
  const secondFactor = new Counter({
    name: 'gatehouse_second_factor_checks_total',
    help: 'Second-factor checks at sign-in by method and outcome (audited).',
    labelNames: ['method', 'outcome'],
    registers,
  });
  const bans = new Counter({
    name: 'gatehouse_bans_total',
    help: 'Bans placed after failed checks, by subject (user or address).',
    labelNames: ['subject'],
    registers,
  });
  const lifts = new Counter({ name: 'gatehouse_ban_lifts_total', help: 'Bans lifted by an admin or the console.', registers });
  const mail = new Counter({
    name: 'gatehouse_mail_deliveries_total',
    help: 'Mail handed to the SMTP server or the outbox, by outcome.',
    labelNames: ['via', 'outcome'],
    registers,
  });
  const db = sources.db;
  new Gauge({
    name: 'gatehouse_bans_active',
    help: 'Bans in force now, by subject (read from the database when scraped).',
    labelNames: ['subject'],
    registers,
    async collect() {
      const now = new Date();
      const inForce = (prefix: string) => db().credentialLock.count({ where: { liftedAt: null, until: { gt: now }, subject: { startsWith: prefix } } });
      try {
        const [users, logins, addresses] = await Promise.all([inForce('user:'), inForce('login:'), inForce('ip:')]);
        this.set({ subject: 'user' }, users);
        this.set({ subject: 'login' }, logins);
        this.set({ subject: 'address' }, addresses);
      } catch {
        // The database is away: no value this time rather than a wrong one.
        this.reset();
      }
    },
  });

  const probe = new Histogram({
    name: 'gatehouse_db_probe_duration_seconds',
    help: 'Round trip of SELECT 1 on the portal database connection (probed periodically).',
    buckets: DB_PROBE_BUCKETS,
    registers,
  });
  const up = new Gauge({ name: 'gatehouse_db_up', help: '1 when the last database probe answered within 2 s, else 0.', registers });
  const pool = sources.pool;
  new Gauge({
    name: 'gatehouse_db_pool_connections',
    help: "Connections of the verify endpoint's PostgreSQL pool by state (absent on SQLite).",
    labelNames: ['state'],
    registers,
    collect() {
      const counts = pool();
      if (!counts) return;
      this.set({ state: 'total' }, counts.total);
      this.set({ state: 'idle' }, counts.idle);
      this.set({ state: 'waiting' }, counts.waiting);
    },
  });

  registerInstanceEventMetrics(registers, sources.instanceEvents ?? (() => null));

  const counters = { sign_in: signIns, second_factor: secondFactor, ban: bans, ban_lifted: lifts };
  const sink: MetricsSink = {
    verify: tally,
    audit(event) {
      const counted = countedEvent(event);
      if (counted) counters[counted.metric].inc(counted.labels);
    },
    mail(via, delivered) {
      mail.inc({ via, outcome: delivered ? 'success' : 'failure' });
    },
  };

  async function probeDatabase(): Promise<void> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db().$queryRawUnsafe('SELECT 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS))),
      ]);
      probe.observe((performance.now() - started) / 1000);
      up.set(1);
    } catch {
      up.set(0);
    } finally {
      clearTimeout(timer);
    }
  }

  return { registry, sink, probeDatabase };
}

/** The listener's own counts, read at scrape time (absent on SQLite, where there is one process). */
function registerInstanceEventMetrics(registers: Registry[], stats: () => ListenerStats | null): void {
  // The listener starts before metrics (lib/server/main.ts): none now means none in this process.
  if (stats() === null) return;
  new Counter({
    name: 'gatehouse_instance_events_total',
    help: "Announcements heard from PostgreSQL LISTEN: applied (another instance's), own (skipped), malformed.",
    labelNames: ['kind'],
    registers,
    collect() {
      const now = stats();
      this.reset();
      if (!now) return;
      this.inc({ kind: 'applied' }, now.applied);
      this.inc({ kind: 'own' }, now.ownSkipped);
      this.inc({ kind: 'malformed' }, now.malformed);
    },
  });
  new Counter({
    name: 'gatehouse_instance_events_reconnects_total',
    help: 'Times the listener connected again after losing its connection (each followed by every cache treated as stale).',
    registers,
    collect() {
      const now = stats();
      this.reset();
      if (now) this.inc(now.reconnects);
    },
  });
  new Gauge({
    name: 'gatehouse_instance_events_listening',
    help: '1 while the listener of the other instances’ announcements is connected, else 0 (absent on SQLite).',
    registers,
    collect() {
      const now = stats();
      if (now) this.set(now.listening ? 1 : 0);
    },
  });
}
