'use client';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import { dismissChecklistAction } from './actions';

export function DismissChecklistForm() {
  const [state, action] = useGuardedActionState(dismissChecklistAction, IDLE);
  return (
    <form action={action} className="space-y-2">
      {state.status === 'error' ? <FormAlert state={state} /> : null}
      <SubmitButton variant="secondary" pendingLabel="Hiding…">
        Dismiss the checklist
      </SubmitButton>
    </form>
  );
}
