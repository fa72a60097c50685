import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { BackLink } from '@/components/ui/back-link';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { fieldsFromApplication } from '@/lib/applications/application-form';
import { getApplication } from '@/lib/applications/get-application';
import { listSubjectChoices } from '@/lib/applications/list-subject-choices';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { listApplicationClients } from '@/lib/oidc/clients/list-application-clients';
import { RuleRow } from '../../rules/rule-row';
import { ApplicationForm } from '../application-form';
import { DeleteApplicationForm } from '../delete-application-form';
import { OidcClientsCard } from './oidc-clients-card';
import { PaperlessCard } from './paperless-card';

export const metadata: Metadata = { title: 'Application' };

export default async function ApplicationPage({
  params,
  searchParams,
}: {
  params: Promise<{ applicationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage('/(dashboard)/admin/applications/[applicationId]/page');
  const { applicationId } = await params;
  const { saved, oidcDeleted } = await searchParams;
  const found = await getApplication(getDb(), applicationId);
  if (!found) notFound();
  const { application: app, rules } = found;
  const [choices, clients] = await Promise.all([listSubjectChoices(getDb()), listApplicationClients(getDb(), applicationId)]);
  return (
    <div className="space-y-6">
      <BackLink href="/admin/applications">Applications</BackLink>
      <h1 className="text-2xl font-semibold tracking-tight break-words">{app.name}</h1>
      {saved && <Alert tone="success">Saved. Its access rules below are in force now.</Alert>}
      <Card
        title="Proxy configuration"
        description="The proxy in front of this application asks Gatehouse about every request; its configuration is generated for nginx, Caddy and Traefik."
      >
        <Link href={`/admin/proxy?app=${app.id}`} className={buttonClasses('secondary')}>
          Proxy configuration for {app.name}
        </Link>
      </Card>
      {app.kind === 'paperless' && <PaperlessCard />}
      <OidcClientsCard applicationId={app.id} clients={clients} deleted={Boolean(oidcDeleted)} />
      <Card title="Settings">
        <ApplicationForm
          id={app.id}
          initial={fieldsFromApplication(app)}
          choices={choices}
          uploadedSrc={app.hasIconData ? `/api/applications/${app.id}/icon?v=${app.updatedAt.getTime()}` : undefined}
        />
      </Card>
      <Card title="Access rules it writes" description="Kept in step with the settings above; read after every hand-written rule, in this order.">
        <ol className="space-y-3" aria-label={`Access rules written by ${app.name}`}>
          {rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} count={rules.length} />
          ))}
        </ol>
        <Link href="/admin/rules" className="mt-3 inline-block text-sm text-indigo-700 hover:underline dark:text-indigo-400">
          All access rules, in evaluation order
        </Link>
      </Card>
      <Card title="Delete">
        <DeleteApplicationForm id={app.id} name={app.name} rules={rules.length} clients={clients.length} />
      </Card>
    </div>
  );
}
