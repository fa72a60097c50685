import type { Metadata } from 'next';
import Link from 'next/link';
import { inputClasses } from '@/components/forms/field';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { AUDIT_EVENT_TYPES, isAuditEventType } from '@/lib/audit/events';
import { listAuditEvents } from '@/lib/audit/list-events';
import { requireAdmin } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { describeUserAgent } from '@/lib/http/user-agent';

export const metadata: Metadata = { title: 'Audit log' };

function parseDay(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const params = await searchParams;
  const type = typeof params.type === 'string' && isAuditEventType(params.type) ? params.type : undefined;
  const username = typeof params.user === 'string' ? params.user.trim().slice(0, 64) : '';
  const fromText = typeof params.from === 'string' ? params.from : '';
  const toText = typeof params.to === 'string' ? params.to : '';
  const from = parseDay(fromText);
  const toDay = parseDay(toText);
  const to = toDay ? new Date(toDay.getTime() + 86_400_000) : undefined;
  const before = typeof params.before === 'string' && /^\d{1,12}$/.test(params.before) ? Number(params.before) : undefined;
  const { rows, nextBefore } = await listAuditEvents(getDb(), { type, username: username || undefined, from, to, before });
  const filterQuery = new URLSearchParams({ ...(type ? { type } : {}), ...(username ? { user: username } : {}), ...(from ? { from: fromText } : {}), ...(toDay ? { to: toText } : {}) });
  const filtered = filterQuery.size > 0;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Every security-relevant event, newest first. Times are UTC.</p>
      </div>
      <form className="grid gap-2 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end" action="/admin/audit">
        <div>
          <label htmlFor="audit-type" className="block text-sm font-medium">Event</label>
          <select id="audit-type" name="type" defaultValue={type ?? ''} className={`${inputClasses} mt-1`}>
            <option value="">All events</option>
            {Object.entries(AUDIT_EVENT_TYPES).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-user" className="block text-sm font-medium">User</label>
          <input id="audit-user" name="user" defaultValue={username} placeholder="username" className={`${inputClasses} mt-1`} />
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={from ? fromText : ''} className={`${inputClasses} mt-1`} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={toDay ? toText : ''} className={`${inputClasses} mt-1`} />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClasses('secondary')}>Filter</button>
          {filtered && <Link href="/admin/audit" className={buttonClasses('ghost')}>Clear</Link>}
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState>{filtered || before ? 'No event matches these filters.' : 'Nothing has been recorded yet.'}</EmptyState>
      ) : (
        <Table columns={['When', 'Event', 'Actor', 'Target', 'From', 'Details']}>
              {rows.map((row) => (
                <tr key={row.id} data-testid="audit-row">
                  <td className="px-4 py-2 whitespace-nowrap"><Time value={row.createdAt} withSeconds /></td>
                  <td className="px-4 py-2">
                    <span className="font-medium">{isAuditEventType(row.type) ? AUDIT_EVENT_TYPES[row.type] : row.type}</span>{' '}
                    {row.outcome === 'failure' && <Badge tone="red">failed</Badge>}
                  </td>
                  <td className="px-4 py-2 font-mono">{row.actorName ?? '—'}</td>
                  <td className="px-4 py-2">{row.targetName ? <><span className="text-zinc-500">{row.targetType} </span><span className="font-mono">{row.targetName}</span></> : '—'}</td>
                  <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">
                    {row.ip ?? '—'}
                    {row.userAgent && <span className="block text-xs">{describeUserAgent(row.userAgent)}</span>}
                  </td>
                  <td className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400">
                    {row.data ? Object.entries(row.data).map(([k, v]) => <span key={k} className="mr-2 inline-block">{k}: <span className="font-mono">{String(v)}</span></span>) : null}
                  </td>
                </tr>
              ))}
        </Table>
      )}
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {before ? <Link href={`/admin/audit${filtered ? `?${filterQuery}` : ''}`} className={buttonClasses('secondary')}>Newest</Link> : <span />}
        {nextBefore && (
          <Link href={`/admin/audit?${new URLSearchParams([...filterQuery, ['before', String(nextBefore)]])}`} className={buttonClasses('secondary')}>
            Older events
          </Link>
        )}
      </nav>
    </div>
  );
}
