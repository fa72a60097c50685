/**
 * Where the rest of the code hands what it counts, when metrics are on. One object per process,
 * shared through globalThis: the custom server installs it (start-metrics.ts) and Next's bundles,
 * which hold their own copy of this module (the audit log is written from server actions), see
 * the same one. Absent when metrics are off (the default): then every hook is one property read.
 * This file imports nothing at run time, so the code that counts does not load prom-client.
 */
import type { VerifyTally } from './verify-tally';

export type AuditFacts = { type: string; outcome: 'success' | 'failure'; data: Readonly<Record<string, unknown>> | undefined };

export type MetricsSink = {
  /** Verify answers, counted in plain numbers on the hot path and read at scrape time. */
  verify: VerifyTally;
  /** One audit event as logEvent writes it (sign-ins, second factors, bans). */
  audit(event: AuditFacts): void;
  /** One mail handed to the SMTP server or written to the outbox, or failing to be. */
  mail(via: 'smtp' | 'outbox', delivered: boolean): void;
};

const KEY = Symbol.for('gatehouse.metrics.sink');
type Holder = { [KEY]?: MetricsSink };

export function metricsSink(): MetricsSink | undefined {
  return (globalThis as Holder)[KEY];
}

export function installMetricsSink(sink: MetricsSink | undefined): void {
  if (sink) (globalThis as Holder)[KEY] = sink;
  else delete (globalThis as Holder)[KEY];
}

/** For lib/audit/log-event.ts: counts the event when metrics are on; never throws. */
export function countAuditEvent(event: AuditFacts): void {
  const sink = metricsSink();
  if (!sink) return;
  try {
    sink.audit(event);
  } catch {
    // Counting must never break what is being recorded.
  }
}

/** For lib/mail/transport.ts: one delivery attempt. */
export function countMailDelivery(via: 'smtp' | 'outbox', delivered: boolean): void {
  metricsSink()?.mail(via, delivered);
}
