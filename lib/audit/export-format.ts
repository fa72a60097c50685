/**
 * How audit events leave Gatehouse: CSV (RFC 4180, with formula injection defused) and JSON
 * Lines. Pure functions; lib/audit/export-audit.ts streams their output.
 * Events never hold secrets (lib/audit/log-event.ts sanitizes data on the way in), so every
 * column is exported, the data JSON included.
 */
import type { AuditRow } from './list-events';

export type AuditExportFormat = 'csv' | 'jsonl';

export const AUDIT_EXPORT_COLUMNS = ['id', 'createdAt', 'type', 'outcome', 'actorName', 'targetType', 'targetName', 'ip', 'userAgent', 'data'] as const;

export function isAuditExportFormat(value: unknown): value is AuditExportFormat {
  return value === 'csv' || value === 'jsonl';
}

/** A cell that a spreadsheet would run as a formula starts with one of these (or a tab/CR before them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a value that starts like a formula gets a leading single quote (so Excel,
 * LibreOffice and Sheets show it as text), and any cell with a comma, quote, CR or LF is quoted
 * with its quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(): string {
  return csvLine([...AUDIT_EXPORT_COLUMNS]);
}

export type ExportRow = Omit<AuditRow, 'data'> & { data: string | null };

export function auditCsvLine(row: ExportRow): string {
  return csvLine([row.id, row.createdAt.toISOString(), row.type, row.outcome, row.actorName, row.targetType, row.targetName, row.ip, row.userAgent, row.data]);
}

/** One JSON object per line; `data` as an object (or null), never as a string to parse twice. */
export function auditJsonLine(row: ExportRow): string {
  let data: unknown = null;
  if (row.data) {
    try {
      data = JSON.parse(row.data);
    } catch {
      data = null;
    }
  }
  return `${JSON.stringify({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    type: row.type,
    outcome: row.outcome,
    actorName: row.actorName,
    targetType: row.targetType,
    targetName: row.targetName,
    ip: row.ip,
    userAgent: row.userAgent,
    data,
  })}\n`;
}

export function exportFilename(format: AuditExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `gatehouse-audit-${stamp}.${format === 'csv' ? 'csv' : 'jsonl'}`;
}

export function exportContentType(format: AuditExportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
}
