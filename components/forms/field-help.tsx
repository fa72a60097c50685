import type { ReactNode } from 'react';

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
