import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { AUDIT_EVENT_TYPES, isAuditEventType } from '@/lib/audit/events';
import type { AuditRow as TAuditRow } from '@/lib/audit/list-events';
import { describeUserAgent } from '@/lib/http/user-agent';

/** One event in the audit log table. */
export function AuditRow({ row }: { row: TAuditRow }) {
  return (
    <tr data-testid="audit-row">
      <td className="px-4 py-2 whitespace-nowrap">
        <Time value={row.createdAt} withSeconds />
      </td>
      <td className="px-4 py-2">
        <span className="font-medium">{isAuditEventType(row.type) ? AUDIT_EVENT_TYPES[row.type] : row.type}</span>{' '}
        {row.outcome === 'failure' && <Badge tone="red">failed</Badge>}
      </td>
      <td className="px-4 py-2 font-mono">{row.actorName ?? '—'}</td>
      <td className="px-4 py-2">
        {row.targetName ? (
          <>
            <span className="text-zinc-500">{row.targetType} </span>
            <span className="font-mono">{row.targetName}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">
        {row.ip ?? '—'}
        {row.userAgent && (
          <span className="block text-xs" title={row.userAgent}>
            {describeUserAgent(row.userAgent)}
          </span>
        )}
      </td>
      <td className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400">
        {row.data
          ? Object.entries(row.data).map(([k, v]) => (
              <span key={k} className="mr-2 inline-block">
                {k}: <span className="font-mono">{String(v)}</span>
              </span>
            ))
          : null}
      </td>
    </tr>
  );
}
