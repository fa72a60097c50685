'use client';
import { useActionState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { completeSetupAction } from './actions';

export function SetupForm({ token }: { token: string }) {
  const [state, action] = useActionState(completeSetupAction, IDLE);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="username"
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        defaultValue={v.username}
        error={e.username}
        description="Lower-case letters, digits, dots, dashes and underscores."
      />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={v.email} error={e.email} />
      <Field name="displayName" label="Display name" autoComplete="name" required defaultValue={v.displayName} error={e.displayName} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        error={e.password}
        description="At least 12 characters and hard to guess; a few random words work well."
      />
      <Field name="confirmPassword" label="Repeat the password" type="password" autoComplete="new-password" required error={e.confirmPassword} />
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Create admin account
      </SubmitButton>
    </form>
  );
}
