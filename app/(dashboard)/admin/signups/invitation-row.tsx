import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { InvitationSummary } from '@/lib/signup/list-invitations';
import { revokeInvitationAction } from './actions';

const STATE_TONE = { open: 'green', used: 'indigo', revoked: 'neutral', expired: 'amber' } as const;

/** One invitation in the list, revocable while it is open. */
export function InvitationRow({ i }: { i: InvitationSummary }) {
  return (
    <tr data-testid="invitation-row">
      <td className="px-4 py-3">{i.email}</td>
      <td className="px-4 py-3">{i.groups.length ? i.groups.join(', ') : '—'}</td>
      <td className="px-4 py-3">
        <Badge tone={STATE_TONE[i.state]}>{i.state}</Badge>
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        <Time value={i.createdAt} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        <Time value={i.expiresAt} />
      </td>
      <td className="px-4 py-3 text-right">
        <ConfirmActionButton
          action={revokeInvitationAction}
          fields={{ invitationId: i.id }}
          label="Revoke"
          srLabel={`the invitation for ${i.email}`}
          title={`Revoke the invitation for ${i.email}?`}
          confirmLabel="Revoke invitation"
          pendingLabel="Revoking…"
          danger
          hideButton={i.state !== 'open'}
          confirm={
            <p>
              Revoke the invitation for <strong>{i.email}</strong>? They can still ask for an account, but will wait for approval.
            </p>
          }
        />
      </td>
    </tr>
  );
}
