/**
 * What the portal tells an operator: the Prometheus endpoint (off by default; a bearer token, or
 * loopback peers only) and the log format (text as always, or one JSON object per line).
 */
import type { RawEnv } from './variables';

/** A shorter token could be guessed; 32 characters is what `openssl rand -hex 16` prints. */
export const MIN_METRICS_TOKEN_LENGTH = 32;

export type MetricsConfig = {
  enabled: boolean;
  /** null: only loopback peers may scrape. Compared in constant time (lib/metrics/access.ts). */
  token: string | null;
};

export type LogFormat = 'text' | 'json';

export type ObservabilityEnv = { metrics: MetricsConfig; logFormat: LogFormat };

export function metricsConfig(raw: RawEnv, invalid: Set<string>, problems: string[]): MetricsConfig {
  const token = invalid.has('GATEHOUSE_METRICS_TOKEN') ? null : (raw.GATEHOUSE_METRICS_TOKEN ?? null);
  // The token itself never appears in a message.
  if (token !== null && token.length < MIN_METRICS_TOKEN_LENGTH) {
    problems.push(
      `GATEHOUSE_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long (it has ${token.length}); make one with: openssl rand -hex 32`,
    );
  }
  return { enabled: raw.GATEHOUSE_METRICS, token };
}
