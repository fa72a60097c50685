import type { ReactNode, Ref, TextareaHTMLAttributes } from 'react';
import { cx } from '../ui/cx';
import { inputClasses } from './field';
import { describedBy, FieldHelp, ShownFieldMarker } from './field-help';

/** A labelled textarea with description and error, wired like Field. */
type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  name: string;
  label: ReactNode;
  error?: string;
  description?: ReactNode;
  ref?: Ref<HTMLTextAreaElement>;
};

export function TextArea(props: TextAreaProps) {
  const { name, label, error, description, className, rows = 3, ref, ...rest } = props;
  const id = `field-${name}`;

  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        className={cx(inputClasses, 'mt-1 font-mono', error && 'ring-red-500 dark:ring-red-500')}
        {...rest}
      />
      <FieldHelp fieldId={id} description={description} error={error} />
      <ShownFieldMarker name={name} shown={'error' in props} />
    </div>
  );
}
