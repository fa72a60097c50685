import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { AUDIT_EVENT_TYPES, isAuditEventType } from '@/lib/audit/events';
import type { UserDetail } from '@/lib/users/get-user-detail';

/** The newest audit events with the user as actor or target, linking to all of them. */
export function EventsCard({ u }: { u: UserDetail }) {
  return (
    <Card
      title="Recent audit events"
      description="The newest 20 with this user as actor or target."
      actions={
        <Link href={`/admin/audit?user=${encodeURIComponent(u.username)}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-400">
          All events
        </Link>
      }
    >
      {u.events.length === 0 ? (
        <EmptyState>No events yet.</EmptyState>
      ) : (
        <Table columns={['When', 'Event', { label: 'Actor', priority: 'low' }, { label: 'Target', priority: 'low' }, { label: 'Address', priority: 'low' }]}>
          {u.events.map((e) => (
            <tr key={e.id} data-testid="user-event">
              <td className="px-4 py-2 whitespace-nowrap">
                <Time value={e.createdAt} />
              </td>
              <td className="px-4 py-2">
                {isAuditEventType(e.type) ? AUDIT_EVENT_TYPES[e.type] : e.type}
                {e.outcome !== 'success' && <Badge tone="red">{e.outcome}</Badge>}
              </td>
              <td className="px-4 py-2">{e.actorName ?? '—'}</td>
              <td className="px-4 py-2">{e.targetName ?? '—'}</td>
              <td className="px-4 py-2">{e.ip ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
