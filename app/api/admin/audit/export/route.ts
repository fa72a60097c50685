import { auditCsvLine, auditJsonLine, csvHeader, exportContentType, exportFilename, isAuditExportFormat } from '@/lib/audit/export-format';
import { parseAuditFilterParams } from '@/lib/audit/filter-params';
import { iterateAuditEvents } from '@/lib/audit/list-events';
import { logEvent } from '@/lib/audit/log-event';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getRequestMeta } from '@/lib/http/request-meta';

export const dynamic = 'force-dynamic';

/**
 * The audit events of the page's filters as a CSV or JSON Lines download (admins only; anyone
 * else gets 404). Streamed in keyset batches of 1000: memory stays flat whatever the count.
 */
export async function GET(request: Request) {
  const access = await authorizeRoute('/api/admin/audit/export/route', request);
  if (!access.ok) return access.response;
  const params = new URL(request.url).searchParams;
  const format = params.get('format') ?? 'csv';
  if (!isAuditExportFormat(format)) return new Response('Unknown format: use csv or jsonl.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const { filter, query } = parseAuditFilterParams(params);
  const db = getDb();
  await logEvent(db, {
    type: 'audit.exported',
    actor: { id: access.signedIn.user.id, name: access.signedIn.user.username },
    meta: await getRequestMeta(),
    data: { format, filters: query.toString() || 'none' },
  });
  const encoder = new TextEncoder();
  const batches = iterateAuditEvents(db, { ...filter, before: undefined });
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent && format === 'csv') {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeader()));
          return;
        }
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        const line = format === 'csv' ? auditCsvLine : auditJsonLine;
        controller.enqueue(encoder.encode(next.value.map(line).join('')));
      } catch (error) {
        console.error('[gatehouse] audit export failed:', error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': exportContentType(format),
      'Content-Disposition': `attachment; filename="${exportFilename(format)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
