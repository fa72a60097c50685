import type { Metadata } from 'next';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/table';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { readStoredCheck, type ConnectionCheck } from '@/lib/paperless/check-connection';
import { loadConnection } from '@/lib/paperless/connection';
import { listAppTokens } from '@/lib/paperless/app-tokens';
import { mappingOverview } from '@/lib/paperless/group-mappings';
import { adminRevokeDeviceTokenAction } from '../../tokens/actions';
import { TokenTable } from '../../tokens/token-table';
import { checkConnectionAction } from './actions';
import { ConnectionForm } from './connection-form';
import { GroupMappingRow } from './group-mapping-row';

export const metadata: Metadata = { title: 'Paperless' };

function CheckStatus({ check }: { check: ConnectionCheck | null }) {
  if (!check) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Not checked yet.</p>;
  return (
    <div className="space-y-2 text-sm" data-testid="paperless-status">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={check.ok ? 'green' : check.reachable ? 'amber' : 'red'}>{check.ok ? 'connected' : check.reachable ? 'needs attention' : 'unreachable'}</Badge>
        {check.version && <span>Paperless-ngx {check.version}</span>}
        {check.account && (
          <span>
            · admin token of <strong>{check.account}</strong>
            {check.superuser ? ' (superuser)' : ''}
          </span>
        )}
        <span className="text-zinc-500">· checked {check.checkedAt.slice(0, 16).replace('T', ' ')} UTC</span>
      </p>
      {check.problems.map((problem) => (
        <p key={problem} className="text-red-800 dark:text-red-300">
          {problem}
        </p>
      ))}
    </div>
  );
}

export default async function PaperlessPage() {
  await requirePage('/(dashboard)/admin/paperless/page');
  const db = getDb();
  const env = getEnv();
  const row = await db.paperlessConnection.findUnique({ where: { id: 'default' }, select: { internalUrl: true, publicUrl: true, tokenSource: true, remoteUserUrl: true, lastCheck: true } });
  let connectionProblem: string | null = null;
  const connection = await loadConnection(db, env).catch((error: unknown) => {
    connectionProblem = `The saved admin token cannot be decrypted (${(error as Error).message}); enter it again.`;
    return null;
  });
  const overview = connection ? await mappingOverview(db, { env }) : null;
  const tokens = await listAppTokens(db, {});
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Paperless-ngx</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Gatehouse creates each user&apos;s Paperless account, keeps mapped groups in step, and gives phones their own revocable tokens.
        </p>
      </div>
      {connectionProblem && <Alert tone="error">{connectionProblem}</Alert>}
      <Card title="Connection" actions={connection ? <ConfirmActionButton action={checkConnectionAction} fields={{}} label="Check now" title="Check the Paperless connection" pendingLabel="Checking…" /> : undefined}>
        <div className="space-y-6">
          {connection && <CheckStatus check={readStoredCheck(row?.lastCheck ?? null)} />}
          {env.paperless ? (
            <Alert tone="info" title="Set by configuration">
              GATEHOUSE_PAPERLESS_URL, GATEHOUSE_PAPERLESS_PUBLIC_URL and GATEHOUSE_PAPERLESS_ADMIN_TOKEN fix the connection ({env.paperless.internalUrl}, public {env.paperless.publicUrl}). Change them there and restart.
            </Alert>
          ) : (
            <ConnectionForm
              defaults={{
                internalUrl: row?.internalUrl ?? '',
                publicUrl: row?.publicUrl ?? '',
                tokenSource: row?.tokenSource === 'remote_user' ? 'remote_user' : 'password',
                remoteUserUrl: row?.remoteUserUrl ?? '',
                hasToken: row !== null,
              }}
            />
          )}
        </div>
      </Card>
      {connection && overview && (
        <Card title="Groups" description="Members of a mapped Gatehouse group are put in its Paperless group when they are synced or create a token. Paperless groups nobody mapped are left as they are.">
          {overview.problem && <Alert tone="error">{overview.problem}</Alert>}
          {overview.warnings.length > 0 && (
            <Alert tone="warning" title="Permissions the apps need" className="mb-3">
              <ul className="list-disc pl-5">
                {overview.warnings.map((w) => (
                  <li key={w.paperlessGroupId}>{w.message}</li>
                ))}
              </ul>
            </Alert>
          )}
          {overview.gatehouseGroups.length === 0 ? (
            <EmptyState>No Gatehouse groups yet: create users with groups first.</EmptyState>
          ) : overview.paperlessGroups && overview.paperlessGroups.length === 0 ? (
            <EmptyState>Paperless has no groups yet. Create them in Paperless (Settings → Users &amp; Groups) with at least view_uisettings, then map them here.</EmptyState>
          ) : (
            overview.paperlessGroups && (
              <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {overview.gatehouseGroups.map((g) => (
                  <GroupMappingRow key={g.id} group={g} options={overview.paperlessGroups!.map((p) => ({ id: p.id, name: p.name }))} />
                ))}
              </ul>
            )
          )}
        </Card>
      )}
      <Card title="Device tokens" description="Every user's device tokens. Revoking one stops that device at once and nothing else.">
        <TokenTable tokens={tokens} showOwner revoke={adminRevokeDeviceTokenAction} empty="Nobody has created a device token yet." />
      </Card>
      <Card title="Paperless settings to use">
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>
            <code>PAPERLESS_ENABLE_HTTP_REMOTE_USER=true</code> (not <code>_API</code>): browsers signed in to Gatehouse reach Paperless through the proxy&apos;s Remote-User header.
          </li>
          <li>
            <code>PAPERLESS_LOGOUT_REDIRECT_URL={env.url}/logout</code>: signing out of Paperless leads to Gatehouse&apos;s sign-out; otherwise the proxy would sign the user straight back in.
          </li>
          <li>Use the generated proxy configuration (Admin → Proxy setup, mark the app as Paperless): it swaps device tokens for real ones and blocks /admin/ and Paperless&apos;s own token endpoints.</li>
        </ul>
      </Card>
    </div>
  );
}
