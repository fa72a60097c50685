import type { Metadata } from 'next';
import Link from 'next/link';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { formatDuration } from '@/lib/duration';
import { getEnv } from '@/lib/config';
import { banLabel, listBans } from '@/lib/regulation/bans';
import { liftBanAction } from './actions';

export const metadata: Metadata = { title: 'Bans' };

export default async function BansPage() {
  await requirePage('/(dashboard)/admin/bans/page');
  const { regulation } = getEnv();
  const bans = await listBans(getDb());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Bans</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          {regulation.maxFailures} failed credential checks (password, authenticator code, security key or passkey, recovery code, email link) within{' '}
          {formatDuration(regulation.windowMs)} ban the user, and separately the client address, for {formatDuration(regulation.banMs)}. While banned, sign-in
          attempts are refused without checking the credential. (GATEHOUSE_REGULATION_MAX_FAILURES, _WINDOW, _BAN)
        </p>
      </div>
      <Card title={`Bans in force (${bans.length})`} description="Lifting a ban lets the user or address try again at once; earlier failures no longer count.">
        {bans.length === 0 ? (
          <EmptyState>Nobody is banned right now.</EmptyState>
        ) : (
          <Table columns={['Banned', { label: 'Since', priority: 'low' }, 'Until', { label: 'Failures', priority: 'low' }, { hidden: 'Actions' }]}>
            {bans.map((ban) => {
              const label = banLabel(ban);
              return (
                <tr key={ban.id} data-testid="ban-row">
                  <td className="px-4 py-3">
                    {ban.kind === 'user' ? (
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge tone="indigo">user</Badge>
                        {ban.username ? (
                          <Link href={`/admin/users/${encodeURIComponent(ban.value)}`} className="font-mono underline-offset-2 hover:underline">
                            {ban.username}
                          </Link>
                        ) : (
                          <span className="text-zinc-500">deleted user ({ban.value})</span>
                        )}
                      </p>
                    ) : (
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge tone="amber">{ban.kind === 'address' ? 'address' : 'other'}</Badge>
                        <span className="font-mono text-xs break-all">{ban.value}</span>
                      </p>
                    )}
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    <Time value={ban.since} />
                  </td>
                  <td className="px-4 py-3 sm:whitespace-nowrap">
                    <Time value={ban.until} />
                  </td>
                  <td className="px-4 py-3 tabular-nums">{ban.failures}</td>
                  <td className="px-4 py-3 text-right">
                    <ConfirmActionButton
                      action={liftBanAction}
                      fields={{ id: String(ban.id) }}
                      label="Lift"
                      srLabel={`the ban on ${label}`}
                      title={`Lift the ban on ${label}?`}
                      confirmLabel="Lift ban"
                      pendingLabel="Lifting…"
                      confirm={
                        <p>
                          Lift the ban on <strong>{label}</strong>? {ban.kind === 'address' ? 'Anyone at this address' : 'This user'} can try to sign in again
                          at once.
                        </p>
                      }
                    />
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Card>
    </div>
  );
}
