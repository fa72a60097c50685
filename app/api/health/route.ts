import { pingDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability: 200 when the database answers, 503 otherwise. */
export async function GET() {
  const database = (await pingDb()) ? 'ok' : 'unreachable';
  return Response.json(
    { status: database === 'ok' ? 'ok' : 'degraded', database },
    { status: database === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
