'use client';
import { useState } from 'react';
import { Field, inputClasses } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import type { StoredSecretAction } from '@/components/forms/stored-secret-choice';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import type { StorableVariable } from '@/lib/config';
import type { SettingField } from '@/lib/settings/load-settings-view';
import { mailSettingsAction } from './actions';
import { FixedValue, isFixed } from './fixed-value';
import { StoredSecretRow, TlsVerifyRow } from './setting-rows';

type Props = {
  fields: Record<StorableVariable, SettingField>;
  mode: 'smtp' | 'outbox';
  security: 'auto' | 'tls' | 'starttls' | 'opportunistic';
  tlsVerify: boolean;
  passwordSet: boolean;
  mailFrom: string;
  defaultTo: string;
};

/** An SMTP server with a test message before saving, or the outbox as a deliberate choice; fixed variables shown as such. */
export function MailForm({ fields, mode: initialMode, security, tlsVerify, passwordSet, mailFrom, defaultTo }: Props) {
  const [state, action] = useGuardedActionState(mailSettingsAction, IDLE);
  const [mode, setMode] = useState(initialMode);
  const [passwordAction, setPasswordAction] = useState<StoredSecretAction>(passwordSet ? 'keep' : 'replace');
  // Controlled: React resets a form after its action, and the admin sends a test, then saves the same values (password included).
  const [v, setValues] = useState<Record<string, string>>({
    host: fields.GATEHOUSE_SMTP_HOST.value,
    port: fields.GATEHOUSE_SMTP_PORT.value,
    user: fields.GATEHOUSE_SMTP_USER.value,
    password: '',
    mailFrom: fields.GATEHOUSE_MAIL_FROM.value,
    to: defaultTo,
    security,
  });
  const [verify, setVerify] = useState(tlsVerify);
  const bind = (name: string) => ({
    value: v[name] ?? '',
    onChange: (event: { target: { value: string } }) => setValues((old) => ({ ...old, [name]: event.target.value })),
  });
  const e = state.fieldErrors ?? {};
  const hostFixed = isFixed(fields.GATEHOUSE_SMTP_HOST.source);
  const text = (variable: StorableVariable, name: string, label: string, props: { type?: string; description?: string; inputMode?: 'numeric' } = {}) =>
    isFixed(fields[variable].source) ? (
      <FixedValue label={label} variable={variable} source={fields[variable].source} value={fields[variable].value} />
    ) : (
      <Field name={name} label={label} {...bind(name)} error={e[name]} {...props} />
    );
  return (
    <form action={action} className="max-w-xl space-y-4" noValidate data-testid="mail-form">
      <FormAlert state={state} />
      {hostFixed ? (
        <input type="hidden" name="mode" value="smtp" />
      ) : (
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium">How mail leaves</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="smtp" checked={mode === 'smtp'} onChange={() => setMode('smtp')} />
            Send it through an SMTP server
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="outbox" checked={mode === 'outbox'} onChange={() => setMode('outbox')} />
            Keep mail in the outbox (admins read it on the Mail page and pass links on by hand)
          </label>
        </fieldset>
      )}
      {mode === 'smtp' || hostFixed ? (
        <div className="space-y-4" data-testid="smtp-fields">
          {text('GATEHOUSE_SMTP_HOST', 'host', 'SMTP server', { description: 'Host name, such as smtp.example.com.' })}
          {text('GATEHOUSE_SMTP_PORT', 'port', 'Port (optional)', { inputMode: 'numeric', description: 'Empty: 465 with TLS, else 587.' })}
          {isFixed(fields.GATEHOUSE_SMTP_SECURE.source) || isFixed(fields.GATEHOUSE_SMTP_STARTTLS.source) ? (
            <FixedValue
              label="Encryption"
              variable="GATEHOUSE_SMTP_SECURE"
              source={fields.GATEHOUSE_SMTP_SECURE.source}
              value={fields.GATEHOUSE_SMTP_SECURE.value}
            />
          ) : (
            <div>
              <label htmlFor="field-security" className="block text-sm font-medium">
                Encryption
              </label>
              <select id="field-security" name="security" {...bind('security')} className={`${inputClasses} mt-1`}>
                <option value="auto">Automatic (TLS on port 465, else STARTTLS when offered)</option>
                <option value="tls">TLS from the start</option>
                <option value="starttls">STARTTLS, required</option>
                <option value="opportunistic">STARTTLS when offered</option>
              </select>
            </div>
          )}
          {text('GATEHOUSE_SMTP_USER', 'user', 'User name (optional)', { description: 'Empty when the server accepts mail without signing in.' })}
          <StoredSecretRow
            variable="GATEHOUSE_SMTP_PASSWORD"
            field={fields.GATEHOUSE_SMTP_PASSWORD}
            name="password"
            label="Password"
            choice={{ set: passwordSet, legend: 'A password is stored', testId: 'password-stored', value: passwordAction, onChange: setPasswordAction }}
            input={bind('password')}
            error={e.password}
          />
          <TlsVerifyRow variable="GATEHOUSE_SMTP_TLS_VERIFY" field={fields.GATEHOUSE_SMTP_TLS_VERIFY} checked={verify} onChange={setVerify}>
            Check the server&apos;s TLS certificate (turn off only for a server with a self-signed certificate on your network)
          </TlsVerifyRow>
        </div>
      ) : null}
      {isFixed(fields.GATEHOUSE_MAIL_FROM.source) ? (
        <FixedValue label="Sender address" variable="GATEHOUSE_MAIL_FROM" source={fields.GATEHOUSE_MAIL_FROM.source} value={fields.GATEHOUSE_MAIL_FROM.value} />
      ) : (
        <Field
          name="mailFrom"
          label="Sender address (optional)"
          {...bind('mailFrom')}
          placeholder={mailFrom}
          error={e.mailFrom}
          description={`Such as "Gatehouse <sso@example.com>". Empty: ${mailFrom}.`}
        />
      )}
      <div className="flex flex-wrap items-end gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Field name="to" label="Send a test message to" type="email" {...bind('to')} error={e.to} className="min-w-0 grow" />
        <SubmitButton name="intent" value="test" variant="secondary" pendingLabel="Sending…">
          Send a test message
        </SubmitButton>
      </div>
      <SubmitButton name="intent" value="save" pendingLabel="Saving…">
        Save mail settings
      </SubmitButton>
    </form>
  );
}
