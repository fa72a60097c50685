import type { Metadata } from 'next';
import Link from 'next/link';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { oidcEndpoints } from '@/lib/oidc/clients/setup-card';
import { listSigningKeys } from '@/lib/oidc/signing-keys';
import { rotateSigningKeysAction } from './actions';

export const metadata: Metadata = { title: 'OpenID Connect' };

/** The provider's issuer and discovery address, and its signing keys with their rotation. */
export default async function OidcPage() {
  await requirePage('/(dashboard)/admin/oidc/page');
  const endpoints = oidcEndpoints(getEnv().url);
  const keys = await listSigningKeys(getDb());
  const addresses: [string, string, string][] = [
    ['issuer', 'Issuer', endpoints.issuer],
    ['discovery', 'Discovery URL', endpoints.discoveryUrl],
    ['jwks', 'JWKS URI', endpoints.jwksUri],
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">OpenID Connect</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          Gatehouse is an OpenID Connect provider: apps sign their users in through it. Add a client on an application’s page (
          <Link href="/admin/applications" className="text-indigo-700 underline dark:text-indigo-400">
            Applications
          </Link>
          ); its setup card says what to paste into the app.
        </p>
      </div>
      <Card title="Provider" description="What an app asks for when it says “issuer” or “discovery URL”.">
        <dl className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {addresses.map(([id, label, value]) => (
            <div key={id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <dt className="w-full font-medium sm:w-40">{label}</dt>
              <dd className="flex min-w-0 flex-1 items-center gap-2">
                <code id={`oidc-${id}`} data-testid={`oidc-${id}`} className="min-w-0 break-all rounded bg-zinc-100 px-2 py-0.5 dark:bg-zinc-800">
                  {value}
                </code>
                <CopyButton text={value} label="Copy" targetId={`oidc-${id}`} />
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card
        title="Signing keys"
        description="ID tokens are signed with the current RS256 key (ES256 for clients that choose it). After a rotation the old public keys stay published until every token they signed has expired."
        actions={
          <ConfirmActionButton
            action={rotateSigningKeysAction}
            fields={{}}
            label="Rotate signing keys"
            title="Rotate the signing keys?"
            confirmLabel="Rotate now"
            pendingLabel="Rotating…"
            confirm={<p>New keys sign from now on. Apps that fetch the JWKS keep verifying older tokens; apps with a key pasted by hand need the new one.</p>}
          />
        }
      >
        {keys.length === 0 ? (
          <EmptyState>No signing key yet: Gatehouse makes them when it starts.</EmptyState>
        ) : (
          <Table columns={['Key ID (kid)', 'Algorithm', { label: 'Created', priority: 'low' }, { label: 'Retired', priority: 'low' }, 'Published until']}>
            {keys.map((key) => (
              <tr key={key.kid} data-testid="signing-key-row">
                <td className="px-4 py-3">
                  <span className="font-mono text-xs break-all">{key.kid}</span> {key.current && <Badge tone="green">current</Badge>}
                </td>
                <td className="px-4 py-3">{key.alg}</td>
                <td className="px-4 py-3 whitespace-nowrap">
                  <Time value={key.createdAt} />
                </td>
                <td className="px-4 py-3 sm:whitespace-nowrap">
                  <Time value={key.retiredAt} />
                </td>
                <td className="px-4 py-3 sm:whitespace-nowrap">{key.retiredAt ? <Time value={key.removeAfter} /> : 'while current'}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
