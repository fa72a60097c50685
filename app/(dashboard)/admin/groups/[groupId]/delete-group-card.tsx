import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Card } from '@/components/ui/card';
import type { GroupDetail } from '@/lib/groups/get-group';
import { deleteGroupAction } from '../actions';

/** Deleting the group, or why it cannot be deleted yet (access rules name it). */
export function DeleteGroupCard({ g }: { g: GroupDetail }) {
  return (
    <Card title="Delete">
      {g.rules.length > 0 ? (
        <p role="note" className="text-sm" data-testid="delete-blocked">
          {g.name} cannot be deleted while access rules name it: {g.rules.map((r) => `#${r.position}${r.description ? ` (${r.description})` : ''}`).join(', ')}.
          Change or delete those rules first.
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
              {g.members > 0
                ? `Its ${g.members} member${g.members === 1 ? '' : 's'} leave${g.members === 1 ? 's' : ''} it (their accounts stay).`
                : 'It has no members.'}
            </p>
          }
        />
      )}
    </Card>
  );
}
