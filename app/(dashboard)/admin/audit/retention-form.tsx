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
    <form action={action} className="space-y-2" noValidate data-testid="retention-form">
      <FormAlert state={state} />
      {/* One row: "Keep audit events ○ Forever ○ For [ ] days [Save]", wrapping by groups on a phone. */}
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <legend className="sr-only">Keep audit events</legend>
        <span aria-hidden="true" className="font-medium">
          Keep audit events
        </span>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="forever" defaultChecked={mode === 'forever'} key={`f-${mode}`} />
          Forever
        </label>
        <span className="flex items-center gap-2">
          <input type="radio" name="mode" value="days" id="retention-mode-days" defaultChecked={mode === 'days'} key={`d-${mode}`} />
          <label htmlFor="retention-mode-days">For</label>
          <input
            aria-label="Days to keep audit events"
            name="days"
            inputMode="numeric"
            defaultValue={daysValue}
            key={`v-${daysValue}`}
            className={`${inputClasses} w-20`}
            aria-invalid={error ? true : undefined}
            aria-describedby="retention-help"
          />
          <span>days</span>
        </span>
        <SubmitButton pendingLabel="Saving…" variant="secondary">
          Save retention
        </SubmitButton>
      </fieldset>
      <p id="retention-help" className="text-xs text-zinc-600 dark:text-zinc-400">
        {min}–{max} days. Older events are deleted shortly after start and then once a day.
      </p>
    </form>
  );
}
