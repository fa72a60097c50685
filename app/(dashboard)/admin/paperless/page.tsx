import type { Metadata } from 'next';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { readStoredCheck } from '@/lib/paperless/check-connection';
import { loadConnection } from '@/lib/paperless/connection';
import { listAppTokens } from '@/lib/paperless/app-tokens';
import { mappingOverview } from '@/lib/paperless/group-mappings';
import { adminRevokeDeviceTokenAction } from '../../tokens/actions';
import { TokenTable } from '../../tokens/token-table';
import { checkConnectionAction } from './actions';
import { CheckStatus } from './check-status';
import { ConnectionForm } from './connection-form';
import { GroupMappingsCard } from './group-mappings-card';
import { SettingsCard } from './settings-card';

export const metadata: Metadata = { title: 'Paperless' };

export default async function PaperlessPage() {
  await requirePage('/(dashboard)/admin/paperless/page');
  const db = getDb();
  const env = getEnv();
  const row = await db.paperlessConnection.findUnique({
    where: { id: 'default' },
    select: { internalUrl: true, publicUrl: true, tokenSource: true, remoteUserUrl: true, lastCheck: true },
  });
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
      <Card
        title="Connection"
        actions={
          connection ? (
            <ConfirmActionButton action={checkConnectionAction} fields={{}} label="Check now" title="Check the Paperless connection" pendingLabel="Checking…" />
          ) : undefined
        }
      >
        <div className="space-y-6">
          {connection && <CheckStatus check={readStoredCheck(row?.lastCheck ?? null)} />}
          {env.paperless ? (
            <Alert tone="info" title="Set by configuration">
              <span className="[overflow-wrap:anywhere]">
                GATEHOUSE_PAPERLESS_URL, GATEHOUSE_PAPERLESS_PUBLIC_URL and GATEHOUSE_PAPERLESS_ADMIN_TOKEN fix the connection ({env.paperless.internalUrl},
                public {env.paperless.publicUrl}). Change them there and restart.
              </span>
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
      {connection && overview && <GroupMappingsCard overview={overview} />}
      <Card title="Device tokens" description="Every user's device tokens. Revoking one stops that device at once and nothing else.">
        <TokenTable tokens={tokens} showOwner revoke={adminRevokeDeviceTokenAction} empty="Nobody has created a device token yet." />
      </Card>
      <SettingsCard url={env.url} />
    </div>
  );
}
