import Link from 'next/link';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { GroupDetail } from '@/lib/groups/get-group';
import { removeGroupMemberAction } from '../actions';

/** The group's members (the first page of them), each removable. */
export function MembersCard({ g, isAdmins }: { g: GroupDetail; isAdmins: boolean }) {
  return (
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
      {g.moreMembers > 0 && (
        <p className="mt-2 text-sm text-zinc-600">
          …and {g.moreMembers} more:{' '}
          <Link href={`/admin/users?group=${encodeURIComponent(g.name)}`} className="underline">
            see them in the user list
          </Link>
          .
        </p>
      )}
    </Card>
  );
}
