'use client';
import { Field, inputClasses } from '@/components/forms/field';
import { TextArea } from '@/components/forms/text-area';
import type { DirectoryVariable } from '@/lib/config';
import type { DirectoryField } from '@/lib/directory/admin/load-directory-view';
import { FixedValue, isFixed } from '../settings/fixed-value';

export type Bind = (name: string) => { value: string; onChange: (event: { target: { value: string } }) => void };

type Props = {
  name: string;
  variable: DirectoryVariable;
  label: string;
  field: DirectoryField;
  bind: Bind;
  error?: string;
  description?: string;
  placeholder?: string;
  /** A textarea (rows), or a select (options: value → label). */
  rows?: number;
  options?: Record<string, string>;
};

/** One directory setting: the input, or the fixed value when the environment or the env file sets it. */
export function SettingInput({ name, variable, label, field, bind, error, description, placeholder, rows, options }: Props) {
  if (isFixed(field.source)) return <FixedValue label={label} variable={variable} source={field.source} value={field.value} />;
  if (options) {
    const id = `field-${name}`;
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <select id={id} name={name} {...bind(name)} className={`${inputClasses} mt-1`} aria-describedby={description ? `${id}-description` : undefined}>
          {Object.entries(options).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        {description && (
          <p id={`${id}-description`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {description}
          </p>
        )}
      </div>
    );
  }
  if (rows)
    return (
      <TextArea name={name} label={label} rows={rows} {...bind(name)} error={error} description={description} placeholder={placeholder} spellCheck={false} />
    );
  return (
    <Field name={name} label={label} {...bind(name)} error={error} description={description} placeholder={placeholder} spellCheck={false} autoComplete="off" />
  );
}
