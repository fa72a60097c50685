import type { ReactNode, Ref, TextareaHTMLAttributes } from 'react';
import { cx } from '../ui/cx';
import { inputClasses } from './field';

/** A labelled textarea with description and error, wired like Field. */
export function TextArea({ name, label, error, description, className, rows = 3, ref, ...rest }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { name: string; label: ReactNode; error?: string; description?: ReactNode; ref?: Ref<HTMLTextAreaElement> }) {
  const id = `field-${name}`;
  const describedBy = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea ref={ref} id={id} name={name} rows={rows} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={cx(inputClasses, 'mt-1 font-mono', error && 'ring-red-500 dark:ring-red-500')} {...rest} />
      {description && (
        <p id={`${id}-description`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
