import type { Metadata } from 'next';
import Link from 'next/link';
import { inputClasses } from '@/components/forms/field';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { USER_STATUSES } from '@/lib/auth/account-gate';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { loadConnection } from '@/lib/paperless/connection';
import { listGroupNames } from '@/lib/groups/list-group-names';
import { isUserStatus, listUsers } from '@/lib/users/list-users';
import { ZGroupName } from '@/lib/users/schemas';
import { searchText } from '@/lib/text/search-text';
import { ResetFactorsButton } from './reset-factors-button';
import { SendLinkButton } from './send-link-button';
import { UserPaperlessActions, UserStatusButton } from './user-row-actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePage('/(dashboard)/admin/users/page');
  const params = await searchParams;
  const paperlessConnected = (await loadConnection(getDb(), getEnv()).catch(() => null)) !== null;
  const q = searchText(params.q, 100);
  const status = typeof params.status === 'string' && isUserStatus(params.status) ? params.status : undefined;
  const parsedGroup = typeof params.group === 'string' && params.group ? ZGroupName.safeParse(params.group) : null;
  // A group name that cannot exist matches nobody (rather than being ignored).
  const group = parsedGroup ? (parsedGroup.success ? parsedGroup.data : '-') : undefined;
  const page = Number(typeof params.page === 'string' ? params.page : '1') || 1;
  const [result, groupNames] = [await listUsers(getDb(), { query: q, status, group, page }), await listGroupNames(getDb())];
  const filtered = Boolean(q || status || group);
  const pageHref = (p: number) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(group ? { group } : {}), page: String(p) })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {result.total} {result.total === 1 ? 'user' : 'users'}
            {filtered ? ' match' : ''}
          </p>
        </div>
        <Link href="/admin/users/new" className={buttonClasses('primary')}>
          New user
        </Link>
      </div>
      <form role="search" className="flex flex-wrap items-end gap-2" action="/admin/users">
        <div className="grow">
          <label htmlFor="user-search" className="block text-sm font-medium">
            Search
          </label>
          <input id="user-search" name="q" type="search" defaultValue={q} placeholder="Name, username or email" className={`${inputClasses} mt-1`} />
        </div>
        <div>
          <label htmlFor="user-status" className="block text-sm font-medium">
            Status
          </label>
          <select id="user-status" name="status" defaultValue={status ?? ''} className={`${inputClasses} mt-1`}>
            <option value="">Any</option>
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="user-group" className="block text-sm font-medium">
            Group
          </label>
          <select id="user-group" name="group" defaultValue={group ?? ''} className={`${inputClasses} mt-1`}>
            <option value="">Any</option>
            {groupNames.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses('secondary')}>
          Filter
        </button>
      </form>
      {result.users.length === 0 ? (
        <EmptyState>{filtered ? 'No user matches this search.' : 'No users yet.'}</EmptyState>
      ) : (
        <Table columns={['User', 'Status', 'Groups', 'Last sign-in', { hidden: 'Actions' }]}>
              {result.users.map((u) => (
                <tr key={u.id} data-testid="user-row">
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
                    {!u.hasPassword && <p className="mt-1 text-xs text-zinc-500">no password yet</p>}
                    <p className="mt-1 text-xs text-zinc-500">{u.secondFactors ? `${u.secondFactors} second factor${u.secondFactors === 1 ? '' : 's'}` : 'password only'}</p>
                    {u.paperless && <p className="mt-1 text-xs text-zinc-500" data-testid="paperless-account">Paperless: {u.paperless.username}{u.paperless.hasToken ? ' · token held' : ''}</p>}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap gap-1">{u.groups.length ? u.groups.map((g) => <Badge key={g}>{g}</Badge>) : <span className="text-zinc-500">—</span>}</div>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap"><Time value={u.lastSignInAt} /></td>
                  <td className="space-y-2 px-4 py-3 text-right">
                    {u.status === 'active' && <SendLinkButton userId={u.id} username={u.username} />}
                    <ResetFactorsButton userId={u.id} username={u.username} count={u.secondFactors} />
                    {paperlessConnected && u.status === 'active' && <UserPaperlessActions userId={u.id} username={u.username} hasToken={u.paperless?.hasToken ?? false} />}
                    {u.id !== user.id && (u.status === 'active' || u.status === 'disabled') && <UserStatusButton userId={u.id} username={u.username} status={u.status} />}
                  </td>
                </tr>
              ))}
        </Table>
      )}
      {result.pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {result.page > 1 ? <Link href={pageHref(result.page - 1)} className={buttonClasses('secondary')}>Previous</Link> : <span />}
          <span>Page {result.page} of {result.pages}</span>
          {result.page < result.pages ? <Link href={pageHref(result.page + 1)} className={buttonClasses('secondary')}>Next</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
