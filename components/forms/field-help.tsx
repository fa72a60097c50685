import type { ReactNode } from 'react';
import { SHOWN_FIELD_INPUT } from '@/lib/actions/form-state';

/** The ids a field's aria-describedby points at: its description and its error, when present. */
export function describedBy(fieldId: string, description: ReactNode, error: string | undefined): string | undefined {
  return [description ? `${fieldId}-description` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** A field's description and error, under it, with the ids describedBy() names. */
export function FieldHelp({ fieldId, description, error }: { fieldId: string; description?: ReactNode; error?: string }) {
  return (
    <>
      {description && (
        <p id={`${fieldId}-description`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      )}
      {error && (
        <p id={`${fieldId}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * Sent with the form when the form shows this field's error beside it (it passes an `error`
 * prop, even while there is none): the server then puts that field's error here and says
 * "Check the highlighted fields." in the banner, and says any other error once, in the banner
 * (placeErrors in lib/actions/form-state.ts).
 */
export function ShownFieldMarker({ name, shown }: { name: string; shown: boolean }) {
  return shown ? <input type="hidden" name={SHOWN_FIELD_INPUT} value={name} /> : null;
}
