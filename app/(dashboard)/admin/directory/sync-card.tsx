import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { DISABLE_REASON_TEXT, type SyncReport } from '@/lib/directory/sync/sync-report';
import { SyncNowButton } from './sync-now-button';

const OUTCOME = {
  ok: { tone: 'green', text: 'completed' },
  partial: { tone: 'amber', text: 'completed, some skipped' },
  unreachable: { tone: 'red', text: 'directory unreachable: nobody changed' },
  refused: { tone: 'red', text: 'stopped: nobody changed' },
} as const;

function changeText(change: SyncReport['changes'][number]): string {
  if (change.change === 'disabled') return `disabled: ${change.reason ? DISABLE_REASON_TEXT[change.reason] : ''}`;
  if (change.change === 'skipped') return `skipped: ${change.message ?? ''}`;
  const parts = [
    change.groupsAdded.length ? `joined ${change.groupsAdded.join(', ')}` : '',
    change.groupsRemoved.length ? `left ${change.groupsRemoved.join(', ')}` : '',
    change.profile.length ? `${change.profile.join(', ')} updated` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** The periodic sync: when it runs, "Sync now", and the last run's result. */
export function SyncCard({ report, nextSyncAt, on, interval }: { report: SyncReport | null; nextSyncAt: Date | null; on: boolean; interval: string | null }) {
  return (
    <Card
      title="Sync"
      description={
        on
          ? `Every ${interval}, each directory account is checked: one whose entry is gone, disabled or out of the allowed groups is disabled (its sessions and tokens end); the others get their directory groups and profile. When the directory does not answer, nobody is changed.`
          : 'The sync runs once a directory is configured.'
      }
    >
      <div className="space-y-4 text-sm" data-testid="sync-result">
        {on && (
          <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
            <SyncNowButton />
            {nextSyncAt && (
              <p className="py-2 text-zinc-600 dark:text-zinc-400">
                Next run: <Time value={nextSyncAt} />
              </p>
            )}
          </div>
        )}
        {!report ? (
          <p className="text-zinc-600 dark:text-zinc-400">No sync has run yet.</p>
        ) : (
          <>
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={OUTCOME[report.outcome].tone}>{OUTCOME[report.outcome].text}</Badge>
              <span>
                Last run <Time value={report.startedAt} withSeconds />, {report.durationMs} ms,{' '}
                {report.trigger === 'manual' ? `started by ${report.by ?? 'an admin'}` : 'scheduled'}.
              </span>
            </p>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="sync-counts">
              {(['checked', 'disabled', 'updated', 'unchanged', 'skipped'] as const).map((key) => (
                <div key={key} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                  <dt className="text-xs text-zinc-600 dark:text-zinc-400">{key}</dt>
                  <dd className="text-lg font-semibold" data-testid={`sync-count-${key}`}>
                    {report.counts[key]}
                  </dd>
                </div>
              ))}
            </dl>
            {report.errors.length > 0 && (
              <ul className="list-disc space-y-1 pl-5 text-red-800 dark:text-red-300" aria-label="Sync errors">
                {report.errors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            )}
            {report.changes.length > 0 && (
              <Table columns={['User', 'Change']}>
                {report.changes.map((change) => (
                  <tr key={`${change.userId}-${change.change}`} data-testid="sync-change">
                    <td className="px-4 py-2">
                      <Link href={`/admin/users/${change.userId}`} className="font-mono text-indigo-700 hover:underline dark:text-indigo-400">
                        {change.username}
                      </Link>
                    </td>
                    <td className="px-4 py-2">{changeText(change)}</td>
                  </tr>
                ))}
              </Table>
            )}
            {report.changesLeftOut > 0 && <p className="text-zinc-600 dark:text-zinc-400">And {report.changesLeftOut} more changes not listed.</p>}
          </>
        )}
      </div>
    </Card>
  );
}
