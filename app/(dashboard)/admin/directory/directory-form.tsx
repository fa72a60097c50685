'use client';
import { useState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import type { StoredSecretAction } from '@/components/forms/stored-secret-choice';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Alert } from '@/components/ui/alert';
import { IDLE } from '@/lib/actions/form-state';
import type { DirectoryVariable } from '@/lib/config';
import { DIRECTORY_PRESET_IDS, DIRECTORY_PRESETS, type DirectoryPresetId } from '@/lib/config/directory-presets';
import { presetFill } from '@/lib/directory/admin/directory-form';
import type { DirectoryField } from '@/lib/directory/admin/load-directory-view';
import { FixedValue, isFixed } from '../settings/fixed-value';
import { StoredSecretRow, TlsVerifyRow } from '../settings/setting-rows';
import { directorySettingsAction } from './actions';
import { DirectoryFieldsets } from './directory-fieldsets';
import { IntentButton } from './intent-button';
import { SettingInput } from './setting-input';
import { TestResult } from './test-result';

type Props = { fields: Record<DirectoryVariable, DirectoryField>; initial: Record<string, string>; passwordSet: boolean };

const PRESET_OPTIONS = Object.fromEntries(DIRECTORY_PRESET_IDS.map((id) => [id, DIRECTORY_PRESETS[id].label]));

/**
 * The directory settings with their presets, the service account's write-only password, and the
 * two tests ("Test connection", "Test a user"), which try the values in the form before saving.
 */
export function DirectoryForm({ fields, initial, passwordSet }: Props) {
  const [state, action] = useGuardedActionState(directorySettingsAction, IDLE);
  // Controlled: React resets a form after its action, and the admin tests, then saves the same values.
  const [v, setValues] = useState<Record<string, string>>({ ...initial, bindPassword: '', login: '' });
  const [startTls, setStartTls] = useState(fields.GATEHOUSE_LDAP_START_TLS.value === 'true');
  const [verify, setVerify] = useState(fields.GATEHOUSE_LDAP_TLS_VERIFY.value !== 'false');
  const [passwordAction, setPasswordAction] = useState<StoredSecretAction>(passwordSet ? 'keep' : 'replace');
  const bind = (name: string) => ({
    value: v[name] ?? '',
    onChange: (event: { target: { value: string } }) => setValues((old) => ({ ...old, [name]: event.target.value })),
  });
  const choosePreset = (preset: DirectoryPresetId) => setValues((old) => ({ ...old, preset, ...presetFill(preset) }));
  const e = state.fieldErrors ?? {};
  const preset = (v.preset ?? 'custom') as DirectoryPresetId;
  const hints = DIRECTORY_PRESETS[preset];
  const result = typeof state.data?.result === 'string' ? state.data.result : null;
  return (
    <form action={action} className="space-y-6" noValidate data-testid="directory-form">
      <FormAlert state={state} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Server</legend>
        {isFixed(fields.GATEHOUSE_LDAP_PRESET.source) ? (
          <>
            <input type="hidden" name="preset" value={preset} />
            <FixedValue label="Kind of directory" variable="GATEHOUSE_LDAP_PRESET" source={fields.GATEHOUSE_LDAP_PRESET.source} value={hints.label} />
          </>
        ) : (
          <SettingInput
            name="preset"
            variable="GATEHOUSE_LDAP_PRESET"
            label="Kind of directory"
            field={fields.GATEHOUSE_LDAP_PRESET}
            options={PRESET_OPTIONS}
            description="Choosing one fills the filters, attribute names and group settings below with that directory's usual values."
            bind={(name) => ({ value: v[name] ?? 'custom', onChange: (event) => choosePreset(event.target.value as DirectoryPresetId) })}
          />
        )}
        <SettingInput
          name="urls"
          variable="GATEHOUSE_LDAP_URLS"
          label="Server addresses"
          field={fields.GATEHOUSE_LDAP_URLS}
          bind={bind}
          error={e.urls}
          rows={2}
          placeholder={`ldaps://dc1.example.com:${hints.ports.ldaps}`}
          description={`One per line, tried in order: ldaps://host:${hints.ports.ldaps} (TLS) or ldap://host:${hints.ports.ldap}. Empty: directory sign-in is off.`}
        />
        {!isFixed(fields.GATEHOUSE_LDAP_START_TLS.source) && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="startTls" value="on" checked={startTls} onChange={(event) => setStartTls(event.target.checked)} />
            Use StartTLS on ldap:// addresses (encrypt before the service account signs in)
          </label>
        )}
        <TlsVerifyRow variable="GATEHOUSE_LDAP_TLS_VERIFY" field={fields.GATEHOUSE_LDAP_TLS_VERIFY} checked={verify} onChange={setVerify}>
          Check the server&apos;s TLS certificate (against the CA below, or the system&apos;s)
        </TlsVerifyRow>
        {!verify && (
          <Alert tone="warning" title="Certificate checking is off" testId="tls-off-warning">
            Anyone who can get between Gatehouse and the directory can pose as it and read every password typed at sign-in. Paste your directory&apos;s CA
            certificate below instead.
          </Alert>
        )}
        <SettingInput
          name="ca"
          variable="GATEHOUSE_LDAP_CA"
          label="CA certificate (optional)"
          field={fields.GATEHOUSE_LDAP_CA}
          bind={bind}
          error={e.ca}
          rows={3}
          placeholder="-----BEGIN CERTIFICATE-----"
          description="PEM. The certificate authority that signed the directory's certificate, when it is not one the system trusts."
        />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Service account</legend>
        <SettingInput
          name="bindDn"
          variable="GATEHOUSE_LDAP_BIND_DN"
          label="Bind DN"
          field={fields.GATEHOUSE_LDAP_BIND_DN}
          bind={bind}
          error={e.bindDn}
          placeholder="cn=gatehouse,ou=services,dc=example,dc=com"
          description="The account Gatehouse looks users up with (read-only rights are enough). Empty: anonymous look-ups."
        />
        <StoredSecretRow
          variable="GATEHOUSE_LDAP_BIND_PASSWORD"
          field={fields.GATEHOUSE_LDAP_BIND_PASSWORD}
          name="bindPassword"
          label="Bind password"
          choice={{ set: passwordSet, legend: 'A bind password is set', testId: 'bind-password-stored', value: passwordAction, onChange: setPasswordAction }}
          input={bind('bindPassword')}
          error={e.bindPassword}
          description="Stored encrypted; never shown again."
        />
      </fieldset>
      <DirectoryFieldsets fields={fields} bind={bind} errors={e} hints={hints} />
      <div className="flex flex-wrap gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <IntentButton intent="save" pendingLabel="Saving…">
          Save directory settings
        </IntentButton>
        <IntentButton intent="test-connection" pendingLabel="Testing…" variant="secondary">
          Test connection
        </IntentButton>
      </div>
      <div className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800" data-testid="test-user-box">
        <p className="text-sm font-semibold">Test a user</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          What Gatehouse would see and do for this login with the settings above, without signing anyone in (no password is asked or checked).
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <Field name="login" label="Username" {...bind('login')} error={e.login} className="min-w-0 grow" autoComplete="off" spellCheck={false} />
          <IntentButton intent="test-user" pendingLabel="Looking up…" variant="secondary">
            Test a user
          </IntentButton>
        </div>
      </div>
      {result && <TestResult json={result} />}
    </form>
  );
}
