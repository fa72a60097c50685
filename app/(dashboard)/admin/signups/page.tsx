import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { listPendingSignups } from '@/lib/signup/list-pending-signups';
import { listInvitations } from '@/lib/signup/list-invitations';
import { InvitationRow } from './invitation-row';
import { InviteForm } from './invite-form';
import { PendingDecision } from './pending-row';

export const metadata: Metadata = { title: 'Signups' };

const POLICY_TEXT = {
  'open-with-approval': 'Anyone may ask for an account; every request waits here.',
  'auto-approve': 'Verified addresses in the listed domains are approved at once; others wait here.',
  closed: 'Only existing and invited users may sign in; nobody else can ask.',
} as const;

export default async function SignupsPage() {
  await requirePage('/(dashboard)/admin/signups/page');
  const db = getDb();
  const env = getEnv();
  const [pending, invitations] = await Promise.all([listPendingSignups(db), listInvitations(db)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Signups</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {POLICY_TEXT[env.signup.policy]} (GATEHOUSE_SIGNUP_POLICY={env.signup.policy}
          {env.signup.autoApproveDomains.length ? `; domains ${env.signup.autoApproveDomains.join(', ')}` : ''})
        </p>
      </div>
      <Card title={`Waiting for approval (${pending.length})`} description="Pending users can use nothing — not the dashboard, not any app — until approved.">
        {pending.length === 0 ? (
          <EmptyState>Nobody is waiting.</EmptyState>
        ) : (
          <Table
            columns={[
              'Who',
              { label: 'Signed up with', priority: 'low' },
              { label: 'When', priority: 'low' },
              { label: 'From', priority: 'low' },
              { hidden: 'Decision' },
            ]}
          >
            {pending.map((p) => (
              <tr key={p.id} data-testid="pending-row">
                <td className="px-4 py-3">
                  <p className="font-medium">{p.displayName}</p>
                  <p className="text-zinc-600 dark:text-zinc-400">
                    <span className="font-mono">{p.username}</span> · {p.email}
                  </p>
                  {!p.emailVerified && (
                    <p className="mt-1">
                      <Badge tone="amber">email not verified</Badge>{' '}
                      <span className="text-xs text-zinc-500">the provider did not confirm this address is theirs</span>
                    </p>
                  )}
                </td>
                <td className="px-4 py-3">{env.signup.providers.find((x) => x.id === p.method)?.name ?? (p.method === 'email' ? 'Email link' : p.method)}</td>
                <td className="px-4 py-3 whitespace-nowrap">
                  <Time value={p.createdAt} />
                </td>
                <td className="px-4 py-3 font-mono text-xs">{p.ip ?? '—'}</td>
                <td className="px-4 py-3 text-right">
                  <PendingDecision userId={p.id} username={p.username} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card
        title="Invite someone"
        description={`The invited address can sign up through any enabled method and is active at once. Invitations expire after ${Math.round(env.signup.invitationTtlMs / 86_400_000)} days.`}
      >
        <InviteForm />
      </Card>
      <Card title="Invitations">
        {invitations.length === 0 ? (
          <EmptyState>No invitations yet.</EmptyState>
        ) : (
          <Table
            columns={[
              'Email',
              { label: 'Groups', priority: 'low' },
              'State',
              { label: 'Sent', priority: 'low' },
              { label: 'Expires', priority: 'low' },
              { hidden: 'Actions' },
            ]}
          >
            {invitations.map((i) => (
              <InvitationRow key={i.id} i={i} />
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
