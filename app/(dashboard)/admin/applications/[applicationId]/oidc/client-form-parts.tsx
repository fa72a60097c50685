'use client';
import type { ReactNode } from 'react';
import { inputClasses } from '@/components/forms/field';
import { FieldHelp, ShownFieldMarker } from '@/components/forms/field-help';

/** A checkbox with its description and its own error, wired for screen readers. */
export function Check({
  name,
  label,
  checked,
  description,
  error,
}: {
  name: string;
  label: ReactNode;
  checked: boolean;
  description?: string;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <div>
      <label className="flex items-start gap-2 text-sm">
        <input
          id={id}
          type="checkbox"
          name={name}
          defaultChecked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={[description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
          className="mt-0.5 size-4 rounded border-zinc-300"
        />
        <span>{label}</span>
      </label>
      <FieldHelp fieldId={id} description={description} error={error} />
      <ShownFieldMarker name={name} shown />
    </div>
  );
}

/** A labelled select with its description and error. */
export function Select({
  name,
  label,
  value,
  options,
  description,
  error,
}: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  description?: string;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        className={`${inputClasses} mt-1 max-w-md`}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <FieldHelp fieldId={id} description={description} error={error} />
      <ShownFieldMarker name={name} shown />
    </div>
  );
}

/** Checkboxes sending one value each under one name (the scopes). */
export function CheckGroup({
  name,
  legend,
  values,
  options,
  description,
  error,
}: {
  name: string;
  legend: string;
  values: string[];
  options: [string, string][];
  description?: string;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <fieldset aria-describedby={[description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-2 space-y-2">
        {options.map(([option, text]) => (
          <label key={option} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name={name} value={option} defaultChecked={values.includes(option)} className="mt-0.5 size-4 rounded border-zinc-300" />
            <span>
              <span className="font-mono">{option}</span>: {text}
            </span>
          </label>
        ))}
      </div>
      <FieldHelp fieldId={id} description={description} error={error} />
      <ShownFieldMarker name={name} shown />
    </fieldset>
  );
}
