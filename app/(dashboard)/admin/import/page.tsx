import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { ImportFlow } from './import-flow';

export const metadata: Metadata = { title: 'Import from Authelia' };

export default async function ImportPage() {
  await requirePage('/(dashboard)/admin/import/page');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Import from Authelia</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Users with their passwords, groups, authenticator apps, security keys and passkeys, access rules, session, regulation and mail settings, and OpenID
          Connect clients. First a dry run shows what each thing becomes and what cannot be carried over; nothing is written until you import, and then
          everything is written in one go, or nothing is. Importing the same installation again changes nothing.
        </p>
      </div>
      <Card title="Where is Authelia?" description="Upload its files, or name its folder on this server (the one holding configuration.yml).">
        <ImportFlow />
      </Card>
    </div>
  );
}
