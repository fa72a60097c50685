import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState, Table } from '@/components/ui/table';
import { parseAuditFilterParams } from '@/lib/audit/filter-params';
import { listAuditEvents } from '@/lib/audit/list-events';
import { readRetention, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '@/lib/audit/retention';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { AuditFilterForm } from './audit-filter-form';
import { AuditRow } from './audit-row';
import { RetentionForm } from './retention-form';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/audit/page');
  const params = await searchParams;
  const { filter, query: filterQuery, texts } = parseAuditFilterParams(params);
  const { type, before } = filter;
  const username = texts.user;
  const db = getDb();
  const [{ rows, nextBefore }, retention] = await Promise.all([listAuditEvents(db, filter), readRetention(db)]);
  const exportQuery = (format: string) => `/api/admin/audit/export?${new URLSearchParams([['format', format], ...filterQuery])}`;
  const filtered = filterQuery.size > 0;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Every security-relevant event, newest first. Times are UTC.</p>
      </div>
      <AuditFilterForm type={type} user={username} from={texts.from} to={texts.to} filtered={filtered} />
      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="audit-export">
        <span className="text-zinc-600 dark:text-zinc-400">{filtered ? 'Export the events matching these filters:' : 'Export every event:'}</span>
        <a href={exportQuery('csv')} className={buttonClasses('secondary')} download>
          CSV
        </a>
        <a href={exportQuery('jsonl')} className={buttonClasses('secondary')} download>
          JSON Lines
        </a>
      </div>
      {rows.length === 0 ? (
        <EmptyState>{filtered || before ? 'No event matches these filters.' : 'Nothing has been recorded yet.'}</EmptyState>
      ) : (
        <Table
          columns={[
            'When',
            'Event',
            { label: 'Actor', priority: 'low' },
            { label: 'Target', priority: 'low' },
            { label: 'From', priority: 'low' },
            { label: 'Details', priority: 'low' },
          ]}
        >
          {rows.map((row) => (
            <AuditRow key={row.id} row={row} />
          ))}
        </Table>
      )}
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {before ? (
          <Link href={`/admin/audit${filtered ? `?${filterQuery}` : ''}`} className={buttonClasses('secondary')}>
            Newest
          </Link>
        ) : (
          <span />
        )}
        {nextBefore && (
          <Link href={`/admin/audit?${new URLSearchParams([...filterQuery, ['before', String(nextBefore)]])}`} className={buttonClasses('secondary')}>
            Older events
          </Link>
        )}
      </nav>
      <Card
        title="Retention"
        description={retention === null ? 'Audit events are kept forever.' : `Audit events older than ${retention} days are deleted daily.`}
      >
        <RetentionForm days={retention} min={RETENTION_MIN_DAYS} max={RETENTION_MAX_DAYS} />
      </Card>
    </div>
  );
}
