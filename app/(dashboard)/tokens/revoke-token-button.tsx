'use client';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import type { FormState } from '@/lib/actions/form-state';

/** Revokes one app token after a confirmation naming it (users' and admins' lists alike). */
export function RevokeTokenButton({
  tokenId,
  label,
  owner,
  active,
  action,
}: {
  tokenId: string;
  label: string;
  owner?: string;
  active: boolean;
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
}) {
  const whose = owner ? ` of ${owner}` : '';
  return (
    <ConfirmActionButton
      action={action}
      fields={{ tokenId }}
      label="Revoke"
      srLabel={`${label}${whose}`}
      title={`Revoke ${label}${whose}?`}
      confirmLabel={`Revoke ${label}`}
      pendingLabel="Revoking…"
      danger
      hideButton={!active}
      confirm={
        <p>
          Revoke <strong>{label}</strong>
          {whose}? The app on that device stops working at once; other devices are not affected.
        </p>
      }
    />
  );
}
