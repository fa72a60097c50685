'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/forms/submit-button';
import type { ButtonVariant } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { signOutAction } from './actions';

export function SignOutButton({ variant = 'ghost' }: { variant?: ButtonVariant }) {
  const [state, action] = useActionState(signOutAction, IDLE);
  return (
    <form action={action}>
      <SubmitButton variant={variant} pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
      {state.status === 'error' && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </form>
  );
}
