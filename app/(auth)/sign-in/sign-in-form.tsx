'use client';
import { useActionState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { signInAction } from './actions';

export function SignInForm({ rd }: { rd: string | undefined }) {
  const [state, action] = useActionState(signInAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="rd" value={rd ?? ''} />
      <Field
        name="login"
        label="Username or email"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        defaultValue={state.values?.login}
        error={state.fieldErrors?.login}
      />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
