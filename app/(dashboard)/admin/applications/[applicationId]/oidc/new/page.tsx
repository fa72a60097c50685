import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getApplication } from '@/lib/applications/get-application';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { CLIENT_TEMPLATE_INFO, isClientTemplate, templateDefaults } from '@/lib/oidc/clients/templates';
import { CLIENT_TEMPLATES } from '@/lib/oidc/clients/types';
import { fieldsFromClient } from '@/lib/oidc/clients/validate-client-form';
import { ClientForm } from '../client-form';

export const metadata: Metadata = { title: 'Add an OpenID Connect client' };

/** Pick what the client is for, then the form, prefilled from that template and the application's address. */
export default async function NewClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ applicationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage('/(dashboard)/admin/applications/[applicationId]/oidc/new/page');
  const { applicationId } = await params;
  const template = (await searchParams).template;
  const found = await getApplication(getDb(), applicationId);
  if (!found) notFound();
  const app = found.application;
  const chosen = typeof template === 'string' && isClientTemplate(template) ? template : null;
  return (
    <div className="space-y-6">
      <BackLink href={`/admin/applications/${app.id}#oidc`}>{app.name}</BackLink>
      <h1 className="text-2xl font-semibold tracking-tight break-words">Add an OpenID Connect client to {app.name}</h1>
      {chosen ? (
        <Card title={CLIENT_TEMPLATE_INFO[chosen].label} description={CLIENT_TEMPLATE_INFO[chosen].summary}>
          <ClientForm
            applicationId={app.id}
            initial={fieldsFromClient(templateDefaults(chosen, { name: app.name, origin: app.urls[0] ?? null }))}
            templateLabel={CLIENT_TEMPLATE_INFO[chosen].label}
          />
        </Card>
      ) : (
        <Card title="What will sign in with it?" description="The template fills in the settings that app needs; you can change them before adding the client.">
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Templates">
            {CLIENT_TEMPLATES.map((id) => (
              <li key={id}>
                <Link
                  href={`/admin/applications/${app.id}/oidc/new?template=${id}`}
                  className="block h-full rounded-md border border-zinc-200 p-3 hover:border-indigo-400 hover:bg-indigo-50 dark:border-zinc-800 dark:hover:border-indigo-600 dark:hover:bg-indigo-950"
                >
                  <span className="block text-sm font-medium">{CLIENT_TEMPLATE_INFO[id].label}</span>
                  <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">{CLIENT_TEMPLATE_INFO[id].summary}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
