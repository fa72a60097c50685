'use client';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import { syncDirectoryNowAction } from './actions';

/** Runs the directory sync at once; its result replaces the last one on the page. */
export function SyncNowButton() {
  const [state, action] = useGuardedActionState(syncDirectoryNowAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <SubmitButton variant="secondary" pendingLabel="Syncing…">
        Sync now
      </SubmitButton>
      {state.message && (
        <p
          role={state.status === 'error' ? 'alert' : 'status'}
          data-testid="sync-now-message"
          className={
            state.status === 'error'
              ? 'max-w-xs text-right text-xs text-red-700 dark:text-red-400'
              : 'max-w-xs text-right text-xs text-emerald-700 dark:text-emerald-400'
          }
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
