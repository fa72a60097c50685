'use client';
import { useState } from 'react';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { deleteApplicationAction } from './actions';

/** Delete, after an explicit confirmation that says what goes with it. */
export function DeleteApplicationForm({ id, name, rules, clients }: { id: string; name: string; rules: number; clients: number }) {
  const [state, remove] = useGuardedActionState(deleteApplicationAction, IDLE);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={buttonClasses('danger')}>
        Delete application
      </button>
    );
  }
  return (
    <div
      role="alertdialog"
      aria-label={`Delete ${name}?`}
      className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <p className="mb-2">
        Delete <span className="font-medium">{name}</span> and the {rules} access rule{rules === 1 ? '' : 's'} it wrote
        {clients > 0 && (
          <>
            , with its {clients} OpenID Connect client{clients === 1 ? '' : 's'} (their tokens and the consents users gave them)
          </>
        )}
        ? Requests to its addresses then get the default policy{clients > 0 && ', and those apps can no longer sign anyone in'}.
      </p>
      <div className="flex flex-wrap gap-2">
        <form action={remove}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton variant="danger" pendingLabel="Deleting…">
            Delete {name}
          </SubmitButton>
        </form>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary')}>
          Cancel
        </button>
      </div>
      {state.status === 'error' && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </div>
  );
}
