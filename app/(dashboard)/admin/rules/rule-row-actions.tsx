'use client';
import { useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { deleteRuleAction, moveRuleAction } from './actions';

/** Move up / move down (keyboard and mouse alike) and delete with an explicit confirmation. */
export function RuleRowActions({ id, position, count, label }: { id: string; position: number; count: number; label: string }) {
  const [moveState, move] = useGuardedActionState(moveRuleAction, IDLE);
  const [deleteState, remove] = useGuardedActionState(deleteRuleAction, IDLE);
  const [confirming, setConfirming] = useState(false);
  const problem = moveState.status === 'error' ? moveState.message : deleteState.status === 'error' ? deleteState.message : null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-1">
        <form action={move}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="to" value={position - 1} />
          <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingLabel="…" disabled={position === 1}>
            ↑<span className="sr-only"> Move rule {position} up</span>
          </SubmitButton>
        </form>
        <form action={move}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="to" value={position + 1} />
          <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingLabel="…" disabled={position === count}>
            ↓<span className="sr-only"> Move rule {position} down</span>
          </SubmitButton>
        </form>
        <a href={`/admin/rules/${id}`} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
          Edit<span className="sr-only"> rule {position}</span>
        </a>
        {!confirming && (
          <button type="button" onClick={() => setConfirming(true)} className={buttonClasses('ghost', 'px-2.5 py-1 text-xs text-red-700 dark:text-red-400')}>
            Delete<span className="sr-only"> rule {position}</span>
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-label={`Delete rule ${position}?`}
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
        >
          <p className="mb-2">
            Delete rule #{position} <span className="font-medium">({label})</span>? Requests it matched will fall through to the next rule.
          </p>
          <div className="flex gap-2">
            <form action={remove}>
              <input type="hidden" name="id" value={id} />
              <SubmitButton variant="danger" className="px-2.5 py-1 text-xs" pendingLabel="Deleting…">
                Delete rule #{position}
              </SubmitButton>
            </form>
            <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
    </div>
  );
}
