'use client';
import { useActionState } from 'react';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { requestFactorLinkAction } from '../../../(dashboard)/security/factor-actions';

/** A user with no second factor yet, on a two-factor app: straight into the email-link setup. */
export function SetupFirstFactor({ rd }: { rd?: string }) {
  const [state, action] = useActionState(requestFactorLinkAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormAlert state={state} />
      {rd && <input type="hidden" name="rd" value={rd} />}
      <div className="flex flex-col gap-2">
        <SubmitButton name="change" value="add_totp" pendingLabel="Sending the link…">
          Set up an authenticator app
        </SubmitButton>
        <SubmitButton name="change" value="add_webauthn" variant="secondary" pendingLabel="Sending the link…">
          Set up a security key or passkey
        </SubmitButton>
      </div>
    </form>
  );
}
