'use client';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { provisionPaperlessAction, rotatePaperlessTokenAction, setUserStatusAction } from './actions';

/** Disable (confirmed, naming what ends) or enable an account. */
export function UserStatusButton({ userId, username, status }: { userId: string; username: string; status: 'active' | 'disabled' }) {
  if (status === 'disabled') {
    return (
      <ConfirmActionButton
        action={setUserStatusAction}
        fields={{ userId, status: 'active' }}
        label="Enable"
        srLabel={username}
        title={`Enable ${username}?`}
        pendingLabel="Enabling…"
      />
    );
  }
  return (
    <ConfirmActionButton
      action={setUserStatusAction}
      fields={{ userId, status: 'disabled' }}
      label="Disable"
      srLabel={username}
      title={`Disable ${username}?`}
      confirmLabel={`Disable ${username}`}
      pendingLabel="Disabling…"
      danger
      confirm={
        <p>
          Disable <strong>{username}</strong>? Every session ends, every device token is revoked, and their Paperless account is deactivated.
        </p>
      }
    />
  );
}

/** Make sure the Paperless account exists with the mapped groups; replace the user's real Paperless token. */
export function UserPaperlessActions({ userId, username, hasToken }: { userId: string; username: string; hasToken: boolean }) {
  return (
    <>
      <ConfirmActionButton
        action={provisionPaperlessAction}
        fields={{ userId }}
        label="Sync to Paperless"
        srLabel={username}
        title={`Sync ${username} to Paperless`}
        pendingLabel="Syncing…"
      />
      {hasToken && (
        <ConfirmActionButton
          action={rotatePaperlessTokenAction}
          fields={{ userId }}
          label="Rotate Paperless token"
          srLabel={username}
          title={`Rotate the Paperless token of ${username}?`}
          confirmLabel="Rotate"
          pendingLabel="Rotating…"
          confirm={
            <p>
              Replace the Paperless token Gatehouse holds for <strong>{username}</strong>? Their devices keep working; anything else using the old token
              (scripts, Paperless&apos;s own UI) stops.
            </p>
          }
        />
      )}
    </>
  );
}
