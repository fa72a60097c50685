import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { ADMIN_GROUP } from '@/lib/auth/account-gate';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { listGroups } from '@/lib/groups/list-groups';
import { CreateGroupForm } from './group-forms';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage() {
  await requirePage('/(dashboard)/admin/groups/page');
  const groups = await listGroups(getDb());
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Groups</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Access rules grant or deny by group; members of <span className="font-mono">{ADMIN_GROUP}</span> are administrators.
        </p>
      </div>
      {groups.length === 0 ? (
        <EmptyState>No groups yet.</EmptyState>
      ) : (
        <Table columns={['Group', 'Members', { label: 'Used by access rules', priority: 'low' }]}>
          {groups.map((g) => (
            <tr key={g.id} data-testid="group-row">
              <td className="px-4 py-3">
                <Link href={`/admin/groups/${g.id}`} className="font-mono font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                  {g.name}
                </Link>
                {g.name === ADMIN_GROUP && (
                  <>
                    {' '}
                    <Badge tone="indigo">admin rights</Badge>
                  </>
                )}
                {g.description && <p className="text-zinc-600 dark:text-zinc-400">{g.description}</p>}
              </td>
              <td className="px-4 py-3">
                <Link href={`/admin/users?group=${encodeURIComponent(g.name)}`} className="hover:underline">
                  {g.members}
                </Link>
              </td>
              <td className="px-4 py-3">
                {g.rules.length === 0 ? (
                  <span className="text-zinc-500">—</span>
                ) : (
                  <ul className="space-y-0.5">
                    {g.rules.map((r) => (
                      <li key={r.id}>
                        <Link href={`/admin/rules/${r.id}`} className="hover:underline">
                          #{r.position}
                          {r.description ? ` ${r.description}` : ''}
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title="New group" description="Letters, digits, dashes and underscores; at most 40.">
        <CreateGroupForm />
      </Card>
    </div>
  );
}
