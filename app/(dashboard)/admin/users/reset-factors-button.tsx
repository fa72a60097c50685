'use client';
import { useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { resetFactorsAction } from '../../security/factor-actions';

/** An admin removes a user's second factors (a lost phone), after confirming who it is for. */
export function ResetFactorsButton({ userId, username, count }: { userId: string; username: string; count: number }) {
  const [state, action] = useGuardedActionState(resetFactorsAction, IDLE);
  const [confirming, setConfirming] = useState(false);
  if (state.status === 'success')
    return (
      <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
        {state.message}
      </p>
    );
  // Rendered for every row (so this message survives the list refreshing), shown only with factors.
  if (count === 0) return null;
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className={buttonClasses('ghost', 'px-2.5 py-1 text-xs whitespace-nowrap text-red-700 dark:text-red-400')}
      >
        Reset second factors<span className="sr-only"> of {username}</span>
      </button>
    );
  }
  return (
    <form
      action={action}
      role="alertdialog"
      aria-label={`Reset the second factors of ${username}?`}
      className="max-w-xs space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-left text-xs dark:border-red-900 dark:bg-red-950"
    >
      <input type="hidden" name="userId" value={userId} />
      <p>
        Remove all {count} second factor{count === 1 ? '' : 's'} and the recovery codes of <strong>{username}</strong>? Their sessions drop to one factor, and
        they are told by email.
      </p>
      <div className="flex gap-2">
        <SubmitButton variant="danger" className="px-2.5 py-1 text-xs" pendingLabel="Resetting…">
          Reset {username}
        </SubmitButton>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
          Cancel
        </button>
      </div>
      {state.status === 'error' && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </form>
  );
}
