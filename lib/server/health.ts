/**
 * Health for orchestrators, answered by the custom server before Next (so they stay cheap and
 * know whether this process is draining):
 *   GET /api/health/live   200 while the process answers (also while draining: do not kill it then)
 *   GET /api/health/ready  200 when the database answers and has this build's last migration;
 *                          503 while draining after SIGTERM, or when either check fails.
 * `/api/health` (Next's route) stays as it was: the database check alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db';

export type HealthKind = 'live' | 'ready';
export type HealthState = { draining: boolean; latestMigration: string | null };
export type Readiness = { ready: boolean; body: Record<string, string> };

export function healthKindOf(url: string | undefined): HealthKind | null {
  const path = url?.split('?', 1)[0];
  if (path === '/api/health/live') return 'live';
  if (path === '/api/health/ready') return 'ready';
  return null;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ready: not draining, the database answers within the timeout, and it has this build's latest migration. */
export async function checkReadiness(db: Db, state: HealthState, timeoutMs = 2_000): Promise<Readiness> {
  if (state.draining) return { ready: false, body: { status: 'draining' } };
  try {
    const rows = await withTimeout(
      // The table's name is MIGRATIONS_TABLE (lib/db/migrate.ts); a tagged template binds the value on both dialects.
      db.$queryRaw<{ name: string }[]>`SELECT "name" FROM "_gatehouse_migrations" WHERE "name" = ${state.latestMigration ?? ''}`,
      timeoutMs,
    );
    if (rows.length === 0) return { ready: false, body: { status: 'not_ready', database: 'ok', migrations: 'pending' } };
    return { ready: true, body: { status: 'ready', database: 'ok', migrations: 'applied' } };
  } catch {
    return { ready: false, body: { status: 'not_ready', database: 'unreachable' } };
  }
}

function answer(res: ServerResponse, status: number, body: Record<string, string>, head: boolean): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(head ? undefined : JSON.stringify(body));
}

export async function answerHealth(req: IncomingMessage, res: ServerResponse, kind: HealthKind, db: () => Db, state: HealthState): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  if (kind === 'live') return answer(res, 200, { status: state.draining ? 'draining' : 'live' }, head);
  const readiness = await checkReadiness(db(), state);
  answer(res, readiness.ready ? 200 : 503, readiness.body, head);
}
