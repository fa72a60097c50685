import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getApplication } from '@/lib/applications/get-application';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { getClient } from '@/lib/oidc/clients/get-client';
import { buildSetupCard } from '@/lib/oidc/clients/setup-card';
import { CLIENT_TEMPLATE_INFO } from '@/lib/oidc/clients/templates';
import { fieldsFromClient } from '@/lib/oidc/clients/validate-client-form';
import { ClientForm } from '../client-form';
import { DeleteClientButton, RevokeTokensButton, RotateSecretButton } from '../client-operations';
import { SetupCardView } from '../setup-card-view';

export const metadata: Metadata = { title: 'OpenID Connect client' };

/** One client: its setup card (never its secret), its settings, and replacing the secret, revoking its tokens, deleting it. */
export default async function ClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ applicationId: string; clientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage('/(dashboard)/admin/applications/[applicationId]/oidc/[clientId]/page');
  const { applicationId, clientId } = await params;
  const { saved, created } = await searchParams;
  const [found, client] = await Promise.all([getApplication(getDb(), applicationId), getClient(getDb(), clientId, applicationId)]);
  if (!found || !client) notFound();
  const card = buildSetupCard({ ...client, clientId: client.id, clientSecret: null, issuer: getEnv().url });
  const target = { applicationId, clientId: client.id, name: client.name };
  const isPublic = client.type === 'public';
  return (
    <div className="space-y-6">
      <BackLink href={`/admin/applications/${applicationId}#oidc`}>{found.application.name}</BackLink>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight break-words">{client.name}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {CLIENT_TEMPLATE_INFO[client.template].label} · {isPublic ? 'public client (no secret, PKCE)' : 'confidential client'} · client ID{' '}
          <code className="break-all font-mono">{client.id}</code>
        </p>
      </div>
      {saved && <Alert tone="success">Saved. The next sign-in uses these settings.</Alert>}
      {created && <Alert tone="success">Added. A public client has no secret: paste the values below into the app.</Alert>}
      <Card>
        <SetupCardView card={card} />
      </Card>
      <Card title="Settings">
        <ClientForm
          applicationId={applicationId}
          clientId={client.id}
          initial={fieldsFromClient(client)}
          templateLabel={CLIENT_TEMPLATE_INFO[client.template].label}
        />
      </Card>
      {!isPublic && (
        <Card
          title="Secret"
          description={`Made ${client.secretCreatedAt ? client.secretCreatedAt.toISOString().slice(0, 16).replace('T', ' ') : 'at creation'} UTC. Gatehouse keeps only its SHA-256: a lost secret is replaced, never shown again.`}
        >
          <RotateSecretButton target={target} />
        </Card>
      )}
      <Card title="Tokens" description="Sign everyone out of this app: every grant, access token and refresh token issued to it ends.">
        <RevokeTokensButton target={target} />
      </Card>
      <Card title="Delete">
        <DeleteClientButton target={target} />
      </Card>
    </div>
  );
}
