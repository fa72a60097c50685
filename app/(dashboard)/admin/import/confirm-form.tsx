'use client';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import type { ApplyResult } from '@/lib/authelia-import/apply/apply-input';
import type { ImportReport } from '@/lib/authelia-import/types';
import { applyImportAction } from './actions';
import { ConflictChoice } from './conflict-choice';
import { ResultView } from './result-view';

/** The import itself, with the conflict choice again (it may be changed after reading the report), then the result. */
export function ConfirmForm({ stagingId, report }: { stagingId: string; report: ImportReport }) {
  const [state, action] = useGuardedActionState(applyImportAction, IDLE);
  const result = typeof state.data?.result === 'string' ? (JSON.parse(state.data.result) as ApplyResult) : null;
  if (result) {
    return (
      <div className="space-y-3">
        <FormAlert state={state} />
        <ResultView result={result} />
      </div>
    );
  }
  // Accounts Gatehouse already has (skipped, merged or in conflict): the choice is made again here.
  const users = report.counts.users;
  const clashes = (users.conflict ?? 0) + (users.update ?? 0) + (users.skip ?? 0) > 0;
  return (
    <form action={action} className="space-y-4 rounded-md bg-zinc-50 p-4 dark:bg-zinc-900" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="stagingId" value={stagingId} />
      {clashes ? (
        <ConflictChoice idPrefix="confirm" initial={report.choices.onConflict} error={state.fieldErrors?.mergeConsent} />
      ) : (
        <input type="hidden" name="onConflict" value="skip" />
      )}
      <p className="text-sm">
        {report.applicable
          ? 'Import writes everything marked new or merge in one transaction: all of it, or nothing.'
          : "Some accounts clash with Gatehouse's: choose skip, or merge with your consent, then import (the choice is checked again)."}
      </p>
      <SubmitButton pendingLabel="Importing…">Import</SubmitButton>
    </form>
  );
}
