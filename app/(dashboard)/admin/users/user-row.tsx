import Link from 'next/link';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { UserListItem } from '@/lib/users/list-users';
import { ResetFactorsButton } from './reset-factors-button';
import { SendLinkButton } from './send-link-button';
import { UserPaperlessActions, UserStatusButton } from './user-row-actions';

/** One user in the users list, with what an admin can do from there. */
export function UserRow({ u, self, paperlessConnected }: { u: UserListItem; self: boolean; paperlessConnected: boolean }) {
  return (
    <tr data-testid="user-row">
      <td className="px-4 py-3">
        <Link href={`/admin/users/${u.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
          {u.displayName}
        </Link>
        <p className="text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{u.username}</span> · {u.email}
        </p>
      </td>
      <td className="px-4 py-3">
        <Badge tone={STATUS_TONE[u.status] ?? 'neutral'}>{u.status}</Badge>
        {u.authSource === 'directory' ? (
          <p className="mt-1 text-xs text-zinc-500">directory account</p>
        ) : (
          !u.hasPassword && <p className="mt-1 text-xs text-zinc-500">no password yet</p>
        )}
        <p className="mt-1 text-xs text-zinc-500">
          {u.secondFactors ? `${u.secondFactors} second factor${u.secondFactors === 1 ? '' : 's'}` : 'password only'}
        </p>
        {u.paperless && (
          <p className="mt-1 text-xs text-zinc-500" data-testid="paperless-account">
            Paperless: {u.paperless.username}
            {u.paperless.hasToken ? ' · token held' : ''}
          </p>
        )}
      </td>
      <td className="px-4 py-3">
        <div className="flex flex-wrap gap-1">
          {u.groups.length ? u.groups.map((g) => <Badge key={g}>{g}</Badge>) : <span className="text-zinc-500">—</span>}
        </div>
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        <Time value={u.lastSignInAt} />
      </td>
      <td className="space-y-2 px-4 py-3 text-right">
        {u.status === 'active' && u.authSource !== 'directory' && <SendLinkButton userId={u.id} username={u.username} />}
        <ResetFactorsButton userId={u.id} username={u.username} count={u.secondFactors} />
        {paperlessConnected && u.status === 'active' && <UserPaperlessActions userId={u.id} username={u.username} hasToken={u.paperless?.hasToken ?? false} />}
        {!self && (u.status === 'active' || u.status === 'disabled') && <UserStatusButton userId={u.id} username={u.username} status={u.status} />}
      </td>
    </tr>
  );
}
