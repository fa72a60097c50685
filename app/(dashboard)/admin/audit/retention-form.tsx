'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { inputClasses } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { saveRetentionAction } from './actions';

export function RetentionForm({ days, min, max }: { days: number | null; min: number; max: number }) {
  const [state, action] = useGuardedActionState(saveRetentionAction, IDLE);
  const mode = state.values?.mode ?? (days === null ? 'forever' : 'days');
  const daysValue = state.values?.days ?? (days === null ? '' : String(days));
  const error = state.fieldErrors?.days;
  return (
    <form action={action} className="space-y-3" noValidate data-testid="retention-form">
      <FormAlert state={state} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Keep audit events</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="forever" defaultChecked={mode === 'forever'} key={`f-${mode}`} />
          Forever
        </label>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <input type="radio" name="mode" value="days" id="retention-mode-days" defaultChecked={mode === 'days'} key={`d-${mode}`} />
          <label htmlFor="retention-mode-days">For</label>
          <input
            aria-label="Days to keep audit events"
            name="days"
            inputMode="numeric"
            defaultValue={daysValue}
            key={`v-${daysValue}`}
            className={`${inputClasses} w-24`}
            aria-invalid={error ? true : undefined}
            aria-describedby="retention-help"
          />
          <span>days</span>
        </div>
        <p id="retention-help" className="text-xs text-zinc-600 dark:text-zinc-400">
          {min}–{max} days. Older events are deleted shortly after start and then once a day.
        </p>
      </fieldset>
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Save retention
      </SubmitButton>
    </form>
  );
}
