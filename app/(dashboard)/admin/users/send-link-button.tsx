'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { sendPasswordLinkAction } from './actions';

export function SendLinkButton({ userId, username }: { userId: string; username: string }) {
  const [state, action] = useGuardedActionState(sendPasswordLinkAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton variant="secondary" pendingLabel="Sending…" className="whitespace-nowrap">
        Send password link<span className="sr-only"> to {username}</span>
      </SubmitButton>
      {state.message && (
        <p
          role={state.status === 'error' ? 'alert' : 'status'}
          className={state.status === 'error' ? 'text-xs text-red-700 dark:text-red-400' : 'text-xs text-emerald-700 dark:text-emerald-400'}
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
