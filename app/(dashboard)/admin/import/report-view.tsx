import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import type { ImportReport } from '@/lib/authelia-import/types';
import { actionWord, CATEGORIES, CATEGORY_LABELS } from './report-labels';

/** The dry run, grouped by category: counts, then every item with what it becomes and why not. Holds no secret (ImportReport). */
export function ReportView({ report }: { report: ImportReport }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        From {report.source.kind === 'folder' ? report.source.path : 'the uploaded files'}
        {report.storage.kind === 'none'
          ? `; no storage read (${report.storage.reason})`
          : `; storage: ${report.storage.kind}, schema version ${report.storage.schemaVersion}`}
        .
      </p>
      {report.problems.length > 0 && (
        <Alert tone="warning" title="Found while reading">
          <ul className="list-disc space-y-1 pl-5">
            {report.problems.map((p, i) => (
              <li key={i}>
                <span className="font-medium">{p.where}</span>
                {p.line ? ` (line ${p.line})` : ''}: {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {CATEGORIES.map((category) => {
        const items = report.categories[category];
        const attention = items.some((i) => i.action === 'conflict' || i.action === 'refused');
        return (
          <details key={category} open={attention} className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid={`report-${category}`}>
            <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2 text-sm font-medium">
              {CATEGORY_LABELS[category]}
              {items.length === 0 && <span className="font-normal text-zinc-500 dark:text-zinc-400">none found</span>}
              {Object.entries(report.counts[category]).map(([action, n]) => (
                <Badge key={action} tone={actionWord(category, action).tone}>
                  {n} {actionWord(category, action).label}
                </Badge>
              ))}
            </summary>
            {items.length > 0 && (
              <ul className="divide-y divide-zinc-100 border-t border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
                {items.map((item) => (
                  <li key={item.key} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-start sm:gap-3">
                    <span className="min-w-0 font-mono text-xs break-all sm:w-48 sm:shrink-0">{item.key}</span>
                    <span className="shrink-0">
                      <Badge tone={actionWord(category, item.action).tone}>{actionWord(category, item.action).label}</Badge>
                    </span>
                    <span className="min-w-0 text-zinc-700 dark:text-zinc-300">
                      {item.detail}
                      {item.reason && <span className="block text-zinc-600 dark:text-zinc-400">{item.reason}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </details>
        );
      })}
    </div>
  );
}
