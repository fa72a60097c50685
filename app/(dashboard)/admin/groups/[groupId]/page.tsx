import type { Metadata } from 'next';
import Link from 'next/link';
import { BackLink } from '@/components/ui/back-link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ADMIN_GROUP } from '@/lib/auth/account-gate';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getGroup } from '@/lib/groups/get-group';
import { RenameGroupForm } from '../group-forms';
import { DeleteGroupCard } from './delete-group-card';
import { MembersCard } from './members-card';

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

      <MembersCard g={g} isAdmins={isAdmins} />

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
          <DeleteGroupCard g={g} />
        </>
      )}
    </div>
  );
}
