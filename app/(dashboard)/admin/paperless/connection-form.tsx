'use client';
import { useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { saveConnectionAction } from './actions';

export type ConnectionDefaults = { internalUrl: string; publicUrl: string; tokenSource: 'password' | 'remote_user'; remoteUserUrl: string; hasToken: boolean };

/** Where Paperless is and the admin token Gatehouse uses; saving checks the connection at once. */
export function ConnectionForm({ defaults }: { defaults: ConnectionDefaults }) {
  const [state, action] = useGuardedActionState(saveConnectionAction, IDLE);
  const [source, setSource] = useState(state.values?.tokenSource ?? defaults.tokenSource);
  const value = (name: keyof ConnectionDefaults) => state.values?.[name] ?? String(defaults[name]);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <Field
        name="internalUrl"
        label="Address Gatehouse uses"
        required
        defaultValue={value('internalUrl')}
        placeholder="http://paperless:8000"
        error={state.fieldErrors?.internalUrl}
        description="Where this server calls the Paperless API; often an internal address the proxy does not expose."
      />
      <Field
        name="publicUrl"
        label="Public address"
        required
        defaultValue={value('publicUrl')}
        placeholder="https://paperless.example.com"
        error={state.fieldErrors?.publicUrl}
        description="Where phones reach Paperless through the proxy: it goes into the QR code, and device tokens work only on this host."
      />
      <Field
        name="adminToken"
        label="Admin API token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required={!defaults.hasToken}
        placeholder={defaults.hasToken ? 'Saved — leave blank to keep it' : '40 characters from Paperless → My Profile'}
        error={state.fieldErrors?.adminToken}
        description="The token of a Paperless superuser (or an account with view_user, add_user, change_user and view_group). Stored encrypted."
      />
      <fieldset>
        <legend className="text-sm font-medium">How Gatehouse obtains each user&apos;s Paperless token</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex gap-2 [overflow-wrap:anywhere]">
            <input type="radio" name="tokenSource" value="password" checked={source === 'password'} onChange={() => setSource('password')} />
            <span>
              <strong>Stock Paperless</strong> (default): Gatehouse sets a long random password nobody knows on the account, then asks /api/token/ once. This
              also closes that account&apos;s own password sign-in.
            </span>
          </label>
          <label className="flex gap-2 [overflow-wrap:anywhere]">
            <input type="radio" name="tokenSource" value="remote_user" checked={source === 'remote_user'} onChange={() => setSource('remote_user')} />
            <span>
              <strong>Remote-User listener</strong>: a second, internal-only Paperless listener with PAPERLESS_ENABLE_HTTP_REMOTE_USER_API=true that only
              Gatehouse can reach.
            </span>
          </label>
        </div>
        {state.fieldErrors?.tokenSource && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{state.fieldErrors.tokenSource}</p>}
      </fieldset>
      {source === 'remote_user' && (
        <Field
          name="remoteUserUrl"
          label="Remote-User listener address"
          required
          defaultValue={value('remoteUserUrl')}
          placeholder="http://paperless-internal:8001"
          error={state.fieldErrors?.remoteUserUrl}
        />
      )}
      <SubmitButton pendingLabel="Saving and checking…">Save and check</SubmitButton>
    </form>
  );
}
