'use client';
import type { ReactNode } from 'react';
import { Field } from '@/components/forms/field';
import { StoredSecretChoice, type StoredSecretAction } from '@/components/forms/stored-secret-choice';
import type { VariableSource } from '@/lib/config';
import { FixedValue, isFixed } from './fixed-value';

/**
 * Rows the settings forms share (mail on the settings page, the directory on its page): each
 * shows the fixed value when the environment or the env file sets its variable, else the control.
 */
type Setting = { variable: string; field: { source: VariableSource; value: string } };

/** Whether to check the server's TLS certificate: a checkbox sent as tlsVerify=on, labelled by `children`. */
export function TlsVerifyRow({
  variable,
  field,
  checked,
  onChange,
  children,
}: Setting & { checked: boolean; onChange: (checked: boolean) => void; children: ReactNode }) {
  if (isFixed(field.source)) return <FixedValue label="Check the certificate" variable={variable} source={field.source} value={field.value} />;
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name="tlsVerify" value="on" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {children}
    </label>
  );
}

type SecretProps = Setting & {
  /** The password field's name and label. */
  name: string;
  label: string;
  /** Keep, replace or clear the stored one (StoredSecretChoice); the field shows only to replace it. */
  choice: { set: boolean; legend: string; testId: string; value: StoredSecretAction; onChange: (action: StoredSecretAction) => void };
  input: { value: string; onChange: (event: { target: { value: string } }) => void };
  error?: string;
  description?: string;
};

/** A write-only secret: "(hidden)" when fixed, else the choice for the stored one and a new-password field. */
export function StoredSecretRow({ variable, field, name, label, choice, input, error, description }: SecretProps) {
  if (isFixed(field.source)) return <FixedValue label={label} variable={variable} source={field.source} value="(hidden)" />;
  return (
    <div className="space-y-2">
      <StoredSecretChoice set={choice.set} legend={choice.legend} value={choice.value} onChange={choice.onChange} testId={choice.testId} />
      {choice.value === 'replace' && (
        <Field name={name} label={label} type="password" autoComplete="new-password" {...input} error={error} description={description} />
      )}
    </div>
  );
}
