import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/table';
import type { MappingOverview } from '@/lib/paperless/group-mappings';
import { GroupMappingRow } from './group-mapping-row';

/** Which Paperless group each Gatehouse group maps to, with the permission warnings. */
export function GroupMappingsCard({ overview }: { overview: MappingOverview }) {
  return (
    <Card
      title="Groups"
      description="Members of a mapped Gatehouse group are put in its Paperless group when they are synced or create a token. Paperless groups nobody mapped are left as they are."
    >
      {overview.problem && <Alert tone="error">{overview.problem}</Alert>}
      {overview.warnings.length > 0 && (
        <Alert tone="warning" title="Permissions the apps need" className="mb-3">
          <ul className="list-disc pl-5">
            {overview.warnings.map((w) => (
              <li key={w.paperlessGroupId}>{w.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {overview.gatehouseGroups.length === 0 ? (
        <EmptyState>No Gatehouse groups yet: create users with groups first.</EmptyState>
      ) : overview.paperlessGroups && overview.paperlessGroups.length === 0 ? (
        <EmptyState>
          Paperless has no groups yet. Create them in Paperless (Settings → Users &amp; Groups) with at least view_uisettings, then map them here.
        </EmptyState>
      ) : (
        overview.paperlessGroups && (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {overview.gatehouseGroups.map((g) => (
              <GroupMappingRow key={g.id} group={g} options={overview.paperlessGroups!.map((p) => ({ id: p.id, name: p.name }))} />
            ))}
          </ul>
        )
      )}
    </Card>
  );
}
