import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CLIENT_TEMPLATE_INFO } from '@/lib/oidc/clients/templates';
import type { TOidcClient } from '@/lib/oidc/clients/types';

const hostOf = (uri: string | undefined) => {
  if (!uri) return '—';
  try {
    const url = new URL(uri);
    return url.host || `${url.protocol}//`;
  } catch {
    return uri;
  }
};

/** The application's OpenID Connect clients, on its page: name, template, type, where it returns to. */
export function OidcClientsCard({ applicationId, clients, deleted }: { applicationId: string; clients: TOidcClient[]; deleted: boolean }) {
  return (
    <div id="oidc">
      <Card
        title="Sign in with OpenID Connect"
        description="Apps that sign users in through Gatehouse themselves (Paperless-ngx, Nextcloud, Gitea, Proxmox VE, Grafana, phone apps…). The same users and groups may use it."
        actions={
          <Link href={`/admin/applications/${applicationId}/oidc/new`} className={buttonClasses('secondary')}>
            Add a client
          </Link>
        }
      >
        {deleted && (
          <Alert tone="success" className="mb-3">
            The client is deleted, with its tokens.
          </Alert>
        )}
        {clients.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No client yet: add one to let an app sign its users in with Gatehouse.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="OpenID Connect clients">
            {clients.map((client) => (
              <li key={client.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <div className="min-w-0">
                  <Link
                    href={`/admin/applications/${applicationId}/oidc/${client.id}`}
                    className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-400"
                  >
                    {client.name}
                  </Link>
                  <p className="text-xs break-all text-zinc-600 dark:text-zinc-400">
                    {CLIENT_TEMPLATE_INFO[client.template].label} · {client.type} · returns to {hostOf(client.redirectUris[0])}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
