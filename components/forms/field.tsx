import type { InputHTMLAttributes, ReactNode } from 'react';
import { cx } from '../ui/cx';
import { describedBy, FieldHelp, ShownFieldMarker } from './field-help';

export const inputClasses =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 dark:bg-zinc-950 dark:text-zinc-100 dark:ring-zinc-700 dark:focus:ring-indigo-400';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  name: string;
  label: ReactNode;
  error?: string;
  description?: ReactNode;
  id?: string;
  /** A form that is not a server action (a GET form) sends no marker of shown fields. */
  actionForm?: boolean;
};

/** A labelled input with its description and error beside it, wired for screen readers. */
export function Field(props: FieldProps) {
  const { name, label, error, description, id, className, actionForm = true, ...input } = props;
  const fieldId = id ?? `field-${name}`;

  return (
    <div className={className}>
      <label htmlFor={fieldId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, description, error)}
        className={cx(inputClasses, 'mt-1', error && 'ring-red-500 dark:ring-red-500')}
        {...input}
      />
      <FieldHelp fieldId={fieldId} description={description} error={error} />
      <ShownFieldMarker name={name} shown={actionForm && 'error' in props} />
    </div>
  );
}
