import type { Metadata } from 'next';
import { BackLink } from '@/components/ui/back-link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { getUserDetail } from '@/lib/users/get-user-detail';
import { DeviceTokensCard } from './device-tokens-card';
import { EventsCard } from './events-card';
import { FactorsCard } from './factors-card';
import { FactorChangeRequests } from '../../factor-change-requests';
import { ProfileCard } from './profile-card';
import { SessionsCard } from './sessions-card';
import { StatusCard } from './status-card';
import { DeleteUserForm, EditGroupsForm } from './user-forms';

export const metadata: Metadata = { title: 'User' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { user: admin } = await requirePage('/(dashboard)/admin/users/[userId]/page');
  const { userId } = await params;
  if (!ID.test(userId)) notFound();
  const u = await getUserDetail(getDb(), { userId, idleTimeoutMs: getEnv().session.idleTimeoutMs });
  if (!u) notFound();
  const self = u.id === admin.id;

  return (
    <div className="space-y-4">
      <div>
        <BackLink href="/admin/users">Users</BackLink>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="user-heading">
          {u.displayName} <span className="font-mono text-lg text-zinc-600 dark:text-zinc-400">{u.username}</span>
        </h1>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <ProfileCard u={u} />

        <StatusCard u={u} self={self} />
      </div>

      <Card title="Groups" description={u.groups.length ? `Member of ${u.groups.join(', ')}.` : 'In no group.'}>
        <EditGroupsForm userId={u.id} username={u.username} groups={u.groups} />
      </Card>

      <FactorsCard u={u} />
      <FactorChangeRequests userId={u.id} />

      <DeviceTokensCard u={u} />

      <SessionsCard u={u} self={self} />

      <EventsCard u={u} />

      {!self && (
        <Card title="Delete">
          <DeleteUserForm userId={u.id} username={u.username} />
        </Card>
      )}
    </div>
  );
}
