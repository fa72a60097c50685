'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { SubmitButton } from '@/components/forms/submit-button';
import { FormAlert } from '@/components/forms/form-alert';
import { IDLE } from '@/lib/actions/form-state';
import { revokeSessionAction, signOutEverywhereAction } from './actions';

export function RevokeSessionButton({ sessionId, label, current }: { sessionId: string; label: string; current: boolean }) {
  const [state, action] = useGuardedActionState(revokeSessionAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton variant="secondary" pendingLabel="Ending…">
        {current ? 'Sign out' : 'End session'}
        <span className="sr-only"> {label}</span>
      </SubmitButton>
      {state.status === 'error' && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </form>
  );
}

export function SignOutEverywhere({ others }: { others: number }) {
  const [state, action] = useGuardedActionState(signOutEverywhereAction, IDLE);
  return (
    <div className="space-y-3">
      <FormAlert state={state} />
      <div className="flex flex-wrap gap-2">
        <form action={action}>
          <input type="hidden" name="keepThis" value="yes" />
          <SubmitButton variant="secondary" pendingLabel="Signing out…">
            Sign out all other sessions{others ? ` (${others})` : ''}
          </SubmitButton>
        </form>
        <form action={action}>
          <input type="hidden" name="keepThis" value="no" />
          <SubmitButton variant="danger" pendingLabel="Signing out…">
            Sign out everywhere
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}
