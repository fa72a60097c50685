'use client';
import { useActionState } from 'react';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { confirmEmailLinkAction } from '../../email-actions';

export function ConfirmEmailLink({ token }: { token: string }) {
  const [state, action] = useActionState(confirmEmailLinkAction, IDLE);
  return (
    <form action={action} className="space-y-4">
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
