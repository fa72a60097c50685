import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import type { TProxySetup } from '@/lib/proxy-config/load-proxy-setup';

const link = 'font-medium text-indigo-700 underline dark:text-indigo-300';

/**
 * The applications the configuration covers, each with a link to its own part, and those whose
 * URLs cannot be protected (the session cookie never reaches them): said per application, instead
 * of a configuration that cannot work.
 */
export function ApplicationsIndex({ setup, selectedId }: { setup: TProxySetup; selectedId: string | undefined }) {
  if (setup.applications.length === 0) {
    return (
      <Card title="Applications">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="proxy-no-applications">
          No applications yet. Add one on{' '}
          <Link href="/admin/applications/new" className={link}>
            Applications
          </Link>{' '}
          and its server block, site and routers appear here. Until then the configuration below serves the portal alone.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Applications">
      <ul className="space-y-2 text-sm" data-testid="proxy-applications">
        {setup.applications.map((application) => (
          <li key={application.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            {setup.parts.has(application.id) ? (
              <Link
                href={`/admin/proxy?app=${encodeURIComponent(application.id)}`}
                className={link}
                aria-current={application.id === selectedId ? 'page' : undefined}
              >
                {application.name}
              </Link>
            ) : (
              <span className="font-medium">{application.name}</span>
            )}
            <span className="break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{application.urls.join(' ')}</span>
          </li>
        ))}
      </ul>
      {selectedId !== undefined && (
        <p className="mt-3 text-sm">
          <Link href="/admin/proxy" className={link}>
            Show the configuration for all applications
          </Link>
        </p>
      )}
      {setup.unreadable.length > 0 && (
        <p className="mt-3 text-sm text-amber-800 dark:text-amber-200">{setup.unreadable.length} stored application(s) could not be read and are left out.</p>
      )}
      {setup.problems.map((problem) => (
        <Alert
          key={`${problem.applicationId} ${problem.url}`}
          tone="warning"
          className="mt-3"
          testId="proxy-application-problem"
          title={`${problem.name}: ${problem.url ?? ''} is left out`}
        >
          {problem.problem}
        </Alert>
      ))}
    </Card>
  );
}
