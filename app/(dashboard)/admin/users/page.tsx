import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState, Table } from '@/components/ui/table';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { loadConnection } from '@/lib/paperless/connection';
import { listGroupNames } from '@/lib/groups/list-group-names';
import { isUserStatus, listUsers } from '@/lib/users/list-users';
import { ZGroupName } from '@/lib/users/schemas';
import { searchText } from '@/lib/text/search-text';
import { UserFilterForm } from './user-filter-form';
import { UserRow } from './user-row';

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
  const pageHref = (p: number) =>
    `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(group ? { group } : {}), page: String(p) })}`;

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
      <UserFilterForm q={q} status={status} group={group} groupNames={groupNames} />
      {result.users.length === 0 ? (
        <EmptyState>{filtered ? 'No user matches this search.' : 'No users yet.'}</EmptyState>
      ) : (
        <Table
          columns={['User', 'Status', { label: 'Groups', priority: 'low' }, { label: 'Last sign-in', priority: 'low' }, { hidden: 'Actions', priority: 'low' }]}
        >
          {result.users.map((u) => (
            <UserRow key={u.id} u={u} self={u.id === user.id} paperlessConnected={paperlessConnected} />
          ))}
        </Table>
      )}
      {result.pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {result.page > 1 ? (
            <Link href={pageHref(result.page - 1)} className={buttonClasses('secondary')}>
              Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {result.page} of {result.pages}
          </span>
          {result.page < result.pages ? (
            <Link href={pageHref(result.page + 1)} className={buttonClasses('secondary')}>
              Next
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
