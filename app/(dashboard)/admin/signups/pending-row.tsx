'use client';
import { useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { inputClasses } from '@/components/forms/field';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { approveSignupAction, rejectSignupAction } from './actions';

/** Approve with groups, or reject with an optional reason; the result replaces the buttons. */
export function PendingDecision({ userId, username }: { userId: string; username: string }) {
  const [approved, approve] = useGuardedActionState(approveSignupAction, IDLE);
  const [rejected, reject] = useGuardedActionState(rejectSignupAction, IDLE);
  const [mode, setMode] = useState<'idle' | 'approve' | 'reject'>('idle');
  const done = approved.status === 'success' ? approved : rejected.status === 'success' ? rejected : null;
  if (done)
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {done.message}
      </p>
    );
  const error = approved.status === 'error' ? approved : rejected.status === 'error' ? rejected : null;
  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
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
        <DecisionForm
          action={approve}
          userId={userId}
          verb="Approve"
          username={username}
          field={{ name: 'groups', label: 'Groups (optional, comma-separated)', placeholder: 'family, paperless' }}
          pendingLabel="Approving…"
          onCancel={() => setMode('idle')}
        />
      )}
      {mode === 'reject' && (
        <DecisionForm
          action={reject}
          userId={userId}
          verb="Reject"
          username={username}
          field={{ name: 'reason', label: 'Reason (optional, sent to them)', maxLength: 300 }}
          pendingLabel="Rejecting…"
          danger
          onCancel={() => setMode('idle')}
        />
      )}
    </div>
  );
}

/** The one field of an approval (groups) or a rejection (reason), with its submit and Cancel. */
function DecisionForm(props: {
  action: (formData: FormData) => void;
  userId: string;
  verb: 'Approve' | 'Reject';
  username: string;
  field: { name: string; label: string; placeholder?: string; maxLength?: number };
  pendingLabel: string;
  danger?: boolean;
  onCancel: () => void;
}) {
  const id = `${props.field.name}-${props.userId}`;
  return (
    <form action={props.action} className="space-y-2 text-left" aria-label={`${props.verb} ${props.username}`}>
      <input type="hidden" name="userId" value={props.userId} />
      <label htmlFor={id} className="block text-xs font-medium">
        {props.field.label}
      </label>
      <input id={id} name={props.field.name} maxLength={props.field.maxLength} placeholder={props.field.placeholder} autoFocus className={inputClasses} />
      <div className="flex gap-2">
        <SubmitButton variant={props.danger ? 'danger' : 'primary'} className="px-3 py-1.5 text-xs" pendingLabel={props.pendingLabel}>
          {props.verb} {props.username}
        </SubmitButton>
        <button type="button" className={buttonClasses('secondary', 'px-3 py-1.5 text-xs')} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
