import type { Metadata } from 'next';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { formatDuration } from '@/lib/duration';
import { getEnv } from '@/lib/config';
import { type Ban, banLabel, listBans } from '@/lib/regulation/bans';
import { liftBanAction } from './actions';
import { BannedSubject } from './banned-subject';

export const metadata: Metadata = { title: 'Bans' };

const WHO_TRIES_AGAIN: Record<Ban['kind'], string> = {
  user: 'This user can try to sign in',
  client: 'This client can try to authenticate',
  login: 'Anyone can try this login name',
  address: 'Anyone at this address can try to sign in',
  other: 'This subject can try',
};

export default async function BansPage() {
  await requirePage('/(dashboard)/admin/bans/page');
  const { regulation } = getEnv();
  const bans = await listBans(getDb());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Bans</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          {regulation.maxFailures} failed credential checks (password, authenticator code, security key or passkey, recovery code, email link, an OpenID Connect
          client&apos;s secret) within {formatDuration(regulation.windowMs)} ban the user or OpenID client (or the login name typed, when it names no account),
          and separately the client address, for {formatDuration(regulation.banMs)}. While banned, sign-in attempts are refused without checking the credential.
          (GATEHOUSE_REGULATION_MAX_FAILURES, _WINDOW, _BAN)
        </p>
      </div>
      <Card
        title={`Bans in force (${bans.length})`}
        description="Lifting a ban lets the user, OpenID client, login name or address try again at once; earlier failures no longer count."
      >
        {bans.length === 0 ? (
          <EmptyState>Nobody is banned right now.</EmptyState>
        ) : (
          <Table columns={['Banned', { label: 'Since', priority: 'low' }, 'Until', { label: 'Failures', priority: 'low' }, { hidden: 'Actions' }]}>
            {bans.map((ban) => {
              const label = banLabel(ban);
              return (
                <tr key={ban.id} data-testid="ban-row">
                  <td className="px-4 py-3">
                    <BannedSubject ban={ban} />
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
                          Lift the ban on <strong>{label}</strong>? {WHO_TRIES_AGAIN[ban.kind]} again at once.
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
