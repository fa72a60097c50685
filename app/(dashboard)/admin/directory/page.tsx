import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { initialFormValues } from '@/lib/directory/admin/directory-form';
import { loadDirectoryView } from '@/lib/directory/admin/load-directory-view';
import { DirectoryForm } from './directory-form';
import { SyncCard } from './sync-card';

export const metadata: Metadata = { title: 'Directory' };

export default async function DirectoryPage() {
  await requirePage('/(dashboard)/admin/directory/page');
  const view = await loadDirectoryView(getDb());
  const { current } = view;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Directory</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Users of an LDAP directory or Active Directory sign in with their directory username and password; their groups come with them. Stored in the database
          and applied at once; a value set in the environment or the env file wins and is shown as fixed.
        </p>
      </div>
      {view.problems.map((problem) => (
        <Alert key={problem} tone="warning">
          {problem}
        </Alert>
      ))}
      {current && !current.tlsVerify && (
        <Alert tone="warning" title="The directory's certificate is not checked" testId="tls-off-banner">
          GATEHOUSE_LDAP_TLS_VERIFY is off: anyone between Gatehouse and the directory can pose as it and read the passwords typed at sign-in. Give Gatehouse
          the directory&apos;s CA certificate and turn checking back on.
        </Alert>
      )}
      <Card
        title="Connection and mapping"
        description={current ? `Now: ${current.urls.join(', ')}${current.startTls ? ' with StartTLS' : ''}.` : 'Now: off (no server address).'}
      >
        <DirectoryForm fields={view.fields} initial={initialFormValues(view.fields)} passwordSet={view.passwordSet} />
      </Card>
      <SyncCard report={view.lastSync} nextSyncAt={view.nextSyncAt} on={current !== null} interval={current?.syncInterval ?? null} />
    </div>
  );
}
