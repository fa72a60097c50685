'use client';
import { useActionState, useState } from 'react';
import { inputClasses } from '@/components/forms/field';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { approveSignupAction, rejectSignupAction } from './actions';

/** Approve with groups, or reject with an optional reason; the result replaces the buttons. */
export function PendingDecision({ userId, username }: { userId: string; username: string }) {
  const [approved, approve] = useActionState(approveSignupAction, IDLE);
  const [rejected, reject] = useActionState(rejectSignupAction, IDLE);
  const [mode, setMode] = useState<'idle' | 'approve' | 'reject'>('idle');
  const done = approved.status === 'success' ? approved : rejected.status === 'success' ? rejected : null;
  if (done) return <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{done.message}</p>;
  const error = approved.status === 'error' ? approved : rejected.status === 'error' ? rejected : null;
  return (
    <div className="space-y-2">
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error.message}</p>}
      {mode === 'idle' && (
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonClasses('primary', 'px-3 py-1.5 text-xs')} onClick={() => setMode('approve')}>
            Approve<span className="sr-only"> {username}</span>
          </button>
          <button type="button" className={buttonClasses('secondary', 'px-3 py-1.5 text-xs text-red-700 dark:text-red-400')} onClick={() => setMode('reject')}>
            Reject<span className="sr-only"> {username}</span>
          </button>
        </div>
      )}
      {mode === 'approve' && (
        <form action={approve} className="space-y-2 text-left" aria-label={`Approve ${username}`}>
          <input type="hidden" name="userId" value={userId} />
          <label htmlFor={`groups-${userId}`} className="block text-xs font-medium">
            Groups (optional, comma-separated)
          </label>
          <input id={`groups-${userId}`} name="groups" autoFocus className={inputClasses} placeholder="family, paperless" />
          <div className="flex gap-2">
            <SubmitButton className="px-3 py-1.5 text-xs" pendingLabel="Approving…">
              Approve {username}
            </SubmitButton>
            <button type="button" className={buttonClasses('secondary', 'px-3 py-1.5 text-xs')} onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {mode === 'reject' && (
        <form action={reject} className="space-y-2 text-left" aria-label={`Reject ${username}`}>
          <input type="hidden" name="userId" value={userId} />
          <label htmlFor={`reason-${userId}`} className="block text-xs font-medium">
            Reason (optional, sent to them)
          </label>
          <input id={`reason-${userId}`} name="reason" maxLength={300} autoFocus className={inputClasses} />
          <div className="flex gap-2">
            <SubmitButton variant="danger" className="px-3 py-1.5 text-xs" pendingLabel="Rejecting…">
              Reject {username}
            </SubmitButton>
            <button type="button" className={buttonClasses('secondary', 'px-3 py-1.5 text-xs')} onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
