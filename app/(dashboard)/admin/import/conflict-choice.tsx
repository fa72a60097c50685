'use client';
import { useState } from 'react';
import { ShownFieldMarker } from '@/components/forms/field-help';

/** Skip the accounts Gatehouse already has, or merge into them: only with the explicit consent box ticked. */
export function ConflictChoice({ initial, error, idPrefix = 'source' }: { initial?: string; error?: string; idPrefix?: string }) {
  const [choice, setChoice] = useState(initial === 'merge' ? 'merge' : 'skip');
  const consentId = `${idPrefix}-merge-consent`;
  return (
    <fieldset>
      <legend className="text-sm font-medium">Accounts Gatehouse already has</legend>
      <div className="mt-2 space-y-1 text-sm">
        <label className="flex items-start gap-2">
          <input type="radio" name="onConflict" value="skip" checked={choice === 'skip'} onChange={() => setChoice('skip')} className="mt-0.5 size-4" />
          skip them (their Authelia password and second factors are not imported)
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="onConflict" value="merge" checked={choice === 'merge'} onChange={() => setChoice('merge')} className="mt-0.5 size-4" />
          merge into them: they get Authelia's display name, groups and second factors, and Authelia's password where they have none
        </label>
      </div>
      {choice === 'merge' && (
        <div className="mt-3">
          <label htmlFor={consentId} className="flex items-start gap-2 text-sm font-medium">
            <input id={consentId} type="checkbox" name="mergeConsent" value="yes" aria-invalid={error ? true : undefined} className="mt-0.5 size-4" />I
            understand: whoever holds the Authelia account's password or second factor can then sign in to the existing Gatehouse account.
          </label>
          {error && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{error}</p>}
        </div>
      )}
      <ShownFieldMarker name="mergeConsent" shown />
    </fieldset>
  );
}
