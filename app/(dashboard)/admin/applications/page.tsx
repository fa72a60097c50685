import type { Metadata } from 'next';
import Link from 'next/link';
import { AppIcon } from '@/components/app-icon';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { listApplications } from '@/lib/applications/list-applications';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { MoveButtons } from './move-buttons';

export const metadata: Metadata = { title: 'Applications' };

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/applications/page');
  const params = await searchParams;
  const { applications, unreadable } = await listApplications(getDb());
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Applications</h1>
          <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            The apps Gatehouse protects. Saving one writes its access rules and its proxy configuration; the launcher shows it to the users who may open it.
          </p>
        </div>
        {applications.length > 0 && (
          <Link href="/admin/applications/new" className={buttonClasses('primary')}>
            Add application
          </Link>
        )}
      </div>
      {params.deleted && <Alert tone="success">Application deleted, with its access rules and any OpenID Connect clients.</Alert>}
      {unreadable.length > 0 && (
        <Alert tone="error" title="Some applications cannot be read">
          <ul className="list-disc pl-5">
            {unreadable.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {applications.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No applications yet. Add one to protect it, show it on the launcher and get its proxy configuration.
          </p>
          <Link href="/admin/applications/new" className={buttonClasses('primary', 'mt-4')}>
            Add your first application
          </Link>
        </div>
      ) : (
        <ol className="space-y-3" aria-label="Applications in launcher order">
          {applications.map((app, index) => (
            <li
              key={app.id}
              data-testid="application-row"
              className="flex items-center gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <AppIcon icon={app.icon} uploadedSrc={app.hasIconData ? `/api/applications/${app.id}/icon?v=${app.updatedAt.getTime()}` : undefined} />
              <div className="min-w-0 flex-1 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <Link href={`/admin/applications/${app.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                    {app.name}
                  </Link>
                  {app.kind === 'paperless' && <Badge tone="indigo">Paperless</Badge>}
                  {!app.showOnLauncher && <Badge>hidden from the launcher</Badge>}
                </p>
                <p className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">{app.urls.join(' ')}</p>
                <p className="text-xs text-zinc-500">
                  {app.level === 'two_factor' ? 'Two factors' : 'One factor'} ·{' '}
                  {app.subjects.length === 0 ? 'every signed-in user' : app.subjects.map((s) => s.replace(':', ' ')).join(', ')}
                </p>
              </div>
              <MoveButtons id={app.id} name={app.name} first={index === 0} last={index === applications.length - 1} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
