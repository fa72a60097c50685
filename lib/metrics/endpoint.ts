/**
 * GET /api/metrics, answered by the custom server before Next (lib/server/main.ts): the access
 * check (access.ts), then the registry in Prometheus' text format. Nothing is cached: each scrape
 * reads the current values.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsConfig } from '../config';
import { metricsAccess } from './access';
import type { Metrics } from './create-metrics';

export const METRICS_PATH = '/api/metrics';

export function isMetricsPath(url: string | undefined): boolean {
  if (!url?.startsWith(METRICS_PATH)) return false;
  return url.length === METRICS_PATH.length || url[METRICS_PATH.length] === '?';
}

const REFUSALS: Record<401 | 403 | 404 | 405, { text: string; headers?: Record<string, string> }> = {
  401: { text: 'A valid metrics token is required.\n', headers: { 'WWW-Authenticate': 'Bearer realm="gatehouse-metrics"' } },
  403: { text: 'Metrics are served to this machine only (set GATEHOUSE_METRICS_TOKEN to scrape from elsewhere).\n' },
  404: { text: 'Not found.\n' },
  405: { text: 'Method not allowed.\n', headers: { Allow: 'GET, HEAD' } },
};

export async function answerMetrics(req: IncomingMessage, res: ServerResponse, metrics: Metrics | null, config: MetricsConfig): Promise<void> {
  const verdict = metricsAccess({ method: req.method, peer: req.socket.remoteAddress, headers: req.headers }, config);
  if (verdict.status !== 200 || !metrics) {
    const status = verdict.status === 200 ? 404 : verdict.status;
    const refusal = REFUSALS[status];
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...refusal.headers });
    res.end(req.method === 'HEAD' ? undefined : refusal.text);
    return;
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
