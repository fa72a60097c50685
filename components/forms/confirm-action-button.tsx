'use client';
import { useState, type ReactNode } from 'react';
import { useGuardedActionState } from './use-guarded-action';
import { buttonClasses } from '../ui/button';
import type { FormState } from '@/lib/actions/form-state';
import { IDLE } from '@/lib/actions/form-state';
import { SubmitButton } from './submit-button';

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * A small action behind a button, optionally confirmed first: the confirmation names the target
 * (`title`, read by screen readers as the dialog's label), Cancel has the focus, and the result
 * replaces the button.
 */
export function ConfirmActionButton({
  action: run,
  fields,
  label,
  srLabel,
  title,
  confirm,
  confirmLabel,
  pendingLabel = 'Working…',
  danger = false,
  hideButton = false,
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  /** Appended for screen readers, e.g. the target's name. */
  srLabel?: string;
  title: string;
  /** Without it the action runs on the first press. */
  confirm?: ReactNode;
  confirmLabel?: string;
  pendingLabel?: string;
  danger?: boolean;
  /** Show no button (the target no longer allows the action) but keep showing a result: render the component for every row so its message survives the list refreshing. */
  hideButton?: boolean;
}) {
  const [state, action] = useGuardedActionState(run, IDLE);
  const [confirming, setConfirming] = useState(false);
  const hidden = Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
  if (state.status === 'success')
    return (
      <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
        {state.message}
      </p>
    );
  if (hideButton) return null;
  const error = state.status === 'error' && (
    <p role="alert" className="text-xs text-red-700 dark:text-red-400">
      {state.message}
    </p>
  );
  const tone = danger ? 'text-red-700 dark:text-red-400' : '';
  if (!confirm) {
    return (
      <form action={action} className="flex flex-col items-end gap-1">
        {hidden}
        <SubmitButton variant="ghost" className={`px-2.5 py-1 text-xs whitespace-nowrap ${tone}`} pendingLabel={pendingLabel}>
          {label}
          {srLabel && <span className="sr-only"> {srLabel}</span>}
        </SubmitButton>
        {error}
      </form>
    );
  }
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={buttonClasses('ghost', `px-2.5 py-1 text-xs whitespace-nowrap ${tone}`)}>
        {label}
        {srLabel && <span className="sr-only"> {srLabel}</span>}
      </button>
    );
  }
  return (
    <form
      action={action}
      role="alertdialog"
      aria-label={title}
      className="max-w-xs space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-left text-xs dark:border-red-900 dark:bg-red-950"
    >
      {hidden}
      <div>{confirm}</div>
      <div className="flex gap-2">
        <SubmitButton variant={danger ? 'danger' : 'primary'} className="px-2.5 py-1 text-xs" pendingLabel={pendingLabel}>
          {confirmLabel ?? label}
        </SubmitButton>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
          Cancel
        </button>
      </div>
      {error}
    </form>
  );
}
