import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import type { UserDetail } from '@/lib/users/get-user-detail';
import { approveUserAction, rejectUserAction, setUserStatusOnPageAction } from '../actions';
import { SendLinkButton } from '../send-link-button';

/** The user's status and what an admin can do about it (approve, reject, disable, enable, send a link). */
export function StatusCard({ u, self }: { u: UserDetail; self: boolean }) {
  return (
    <Card title="Status">
      <div className="space-y-3 text-sm">
        <p data-testid="user-status">
          <Badge tone={STATUS_TONE[u.status] ?? 'neutral'}>{u.status}</Badge>{' '}
          <span className="text-zinc-600 dark:text-zinc-400">
            since <Time value={u.statusChangedAt} />
            {u.statusChangedBy ? ` by ${u.statusChangedBy}` : u.statusChangedById ? ' by a deleted admin' : ''}
          </span>
        </p>
        {u.statusReason && <p>Reason: {u.statusReason}</p>}
        <div className="flex flex-wrap gap-2">
          {/* Rendered whatever the status (hidden when not applicable), so a result survives the page refreshing. */}
          <ConfirmActionButton
            hideButton={u.status !== 'pending'}
            action={approveUserAction}
            fields={{ userId: u.id }}
            label="Approve"
            srLabel={u.username}
            title={`Approve ${u.username}?`}
            confirmLabel={`Approve ${u.username}`}
            pendingLabel="Approving…"
            confirm={
              <p>
                Approve <strong>{u.username}</strong>? They can sign in at once and are told by email.
              </p>
            }
          />
          <ConfirmActionButton
            hideButton={u.status !== 'pending'}
            action={rejectUserAction}
            fields={{ userId: u.id }}
            label="Reject"
            srLabel={u.username}
            title={`Reject ${u.username}?`}
            confirmLabel={`Reject ${u.username}`}
            pendingLabel="Rejecting…"
            danger
            confirm={
              <p>
                Reject the signup of <strong>{u.username}</strong>? They are told by email.
              </p>
            }
          />
          {!self && (
            <ConfirmActionButton
              hideButton={u.status !== 'active'}
              action={setUserStatusOnPageAction}
              fields={{ userId: u.id, status: 'disabled' }}
              label="Disable"
              srLabel={u.username}
              title={`Disable ${u.username}?`}
              confirmLabel={`Disable ${u.username}`}
              pendingLabel="Disabling…"
              danger
              confirm={
                <p>
                  Disable <strong>{u.username}</strong>? Every session ends, every device token is revoked, and their Paperless account is deactivated.
                </p>
              }
            />
          )}
          {!self && (
            <ConfirmActionButton
              hideButton={u.status !== 'disabled'}
              action={setUserStatusOnPageAction}
              fields={{ userId: u.id, status: 'active' }}
              label="Enable"
              srLabel={u.username}
              title={`Enable ${u.username}?`}
              pendingLabel="Enabling…"
            />
          )}
          {u.status === 'active' && u.authSource !== 'directory' && <SendLinkButton userId={u.id} username={u.username} />}
        </div>
      </div>
    </Card>
  );
}
