'use client';
import { useActionState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { setPasswordAction } from './actions';

export function PasswordForm({ token, username }: { token: string; username: string }) {
  const [state, action] = useActionState(setPasswordAction, IDLE);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        error={e.password}
        description="At least 12 characters and hard to guess; a few random words work well."
      />
      <Field name="confirmPassword" label="Repeat the password" type="password" autoComplete="new-password" required error={e.confirmPassword} />
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Set password and sign in
      </SubmitButton>
    </form>
  );
}
