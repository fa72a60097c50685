import type { Metadata } from 'next';
import Link from 'next/link';
import { BackLink } from '@/components/ui/back-link';
import { notFound } from 'next/navigation';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ADMIN_GROUP } from '@/lib/auth/account-gate';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getGroup } from '@/lib/groups/get-group';
import { deleteGroupAction, removeGroupMemberAction } from '../actions';
import { RenameGroupForm } from '../group-forms';

export const metadata: Metadata = { title: 'Group' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export default async function GroupPage({ params }: { params: Promise<{ groupId: string }> }) {
  await requirePage('/(dashboard)/admin/groups/[groupId]/page');
  const { groupId } = await params;
  if (!ID.test(groupId)) notFound();
  const g = await getGroup(getDb(), groupId);
  if (!g) notFound();
  const isAdmins = g.name === ADMIN_GROUP;
  return (
    <div className="space-y-4">
      <div>
        <BackLink href="/admin/groups">Groups</BackLink>
        <h1 className="mt-1 font-mono text-2xl font-semibold tracking-tight" data-testid="group-heading">
          {g.name}
        </h1>
        {g.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{g.description}</p>}
      </div>

      <Card title={`Members (${g.members})`}>
        {g.memberList.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No members. Add people from their user page.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {g.memberList.map((m) => (
              <li key={m.id} className="flex items-center justify-between gap-2 py-2" data-testid="group-member">
                <span>
                  <Link href={`/admin/users/${m.id}`} className="font-mono text-indigo-700 hover:underline dark:text-indigo-400">
                    {m.username}
                  </Link>{' '}
                  {m.displayName} <Badge tone={STATUS_TONE[m.status] ?? 'neutral'}>{m.status}</Badge>
                </span>
                <ConfirmActionButton
                  action={removeGroupMemberAction}
                  fields={{ groupId: g.id, userId: m.id }}
                  label="Remove"
                  srLabel={`${m.username} from ${g.name}`}
                  title={`Remove ${m.username} from ${g.name}?`}
                  confirmLabel={`Remove ${m.username}`}
                  pendingLabel="Removing…"
                  danger
                  confirm={
                    <p>
                      Remove <strong>{m.username}</strong> from <strong>{g.name}</strong>?{isAdmins ? ' They lose admin rights.' : ''}
                    </p>
                  }
                />
              </li>
            ))}
          </ul>
        )}
        {g.moreMembers > 0 && <p className="mt-2 text-sm text-zinc-600">…and {g.moreMembers} more: <Link href={`/admin/users?group=${encodeURIComponent(g.name)}`} className="underline">see them in the user list</Link>.</p>}
      </Card>

      <Card title="Access rules">
        {g.rules.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No access rule names this group.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="group-rules">
            {g.rules.map((r) => (
              <li key={r.id}>
                <Link href={`/admin/rules/${r.id}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                  Rule #{r.position}
                  {r.description ? `: ${r.description}` : ''}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {isAdmins ? (
        <Card title="Rename or delete">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">The {ADMIN_GROUP} group gives admin rights: it cannot be renamed or deleted.</p>
        </Card>
      ) : (
        <>
          <Card title="Rename">
            <RenameGroupForm groupId={g.id} name={g.name} />
          </Card>
          <Card title="Delete">
            {g.rules.length > 0 ? (
              <p role="note" className="text-sm" data-testid="delete-blocked">
                {g.name} cannot be deleted while access rules name it: {g.rules.map((r) => `#${r.position}${r.description ? ` (${r.description})` : ''}`).join(', ')}. Change or delete those rules first.
              </p>
            ) : (
              <ConfirmActionButton
                action={deleteGroupAction}
                fields={{ groupId: g.id, expectedMembers: String(g.members) }}
                label={`Delete ${g.name}`}
                title={`Delete the group ${g.name}?`}
                confirmLabel={`Delete ${g.name}`}
                pendingLabel="Deleting…"
                danger
                confirm={
                  <p>
                    Delete the group <strong>{g.name}</strong>?{' '}
                    {g.members > 0 ? `Its ${g.members} member${g.members === 1 ? '' : 's'} leave${g.members === 1 ? 's' : ''} it (their accounts stay).` : 'It has no members.'}
                  </p>
                }
              />
            )}
          </Card>
        </>
      )}
    </div>
  );
}
