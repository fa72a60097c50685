/**
 * The audit events of the page's filters as a CSV or JSON Lines download, for the export route
 * (app/api/admin/audit/export). Records the export first, then streams the events in keyset
 * batches of 1000 (lib/audit/list-events.ts): memory stays flat whatever the count.
 */
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { auditCsvLine, auditJsonLine, csvHeader, exportContentType, exportFilename, isAuditExportFormat, type AuditExportFormat } from './export-format';
import { parseAuditFilterParams } from './filter-params';
import { iterateAuditEvents, type AuditFilter } from './list-events';
import { logEvent, type AuditParty } from './log-event';

export async function exportAuditEvents(db: Db, input: { params: URLSearchParams; actor: AuditParty; meta: RequestMeta }): Promise<Response> {
  const format = input.params.get('format') ?? 'csv';
  if (!isAuditExportFormat(format))
    return new Response('Unknown format: use csv or jsonl.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const { filter, query } = parseAuditFilterParams(input.params);
  await logEvent(db, {
    type: 'audit.exported',
    actor: input.actor,
    meta: input.meta,
    data: { format, filters: query.toString() || 'none' },
  });
  return new Response(auditEventStream(db, filter, format), {
    headers: {
      'Content-Type': exportContentType(format),
      'Content-Disposition': `attachment; filename="${exportFilename(format)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function auditEventStream(db: Db, filter: AuditFilter, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateAuditEvents(db, { ...filter, before: undefined });
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
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
}
