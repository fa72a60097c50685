'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field, inputClasses } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { IDLE } from '@/lib/actions/form-state';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_LABELS } from '@/lib/paperless/app-tokens-expiry';
import { createDeviceTokenAction } from './actions';

/**
 * Names a device and creates its token. `requestId` is new for every page load, so sending the
 * same form twice (a double click, a resend) creates one token, not two. "Done" reloads the page:
 * the token leaves the browser's memory and a fresh form gets a fresh requestId.
 */
export function CreateTokenForm({ requestId }: { requestId: string }) {
  const [state, action] = useGuardedActionState(createDeviceTokenAction, IDLE);
  const data = state.status === 'success' ? state.data : undefined;

  if (data && typeof data.token === 'string') {
    return (
      <div className="space-y-4" data-testid="new-token">
        <Alert live tone="success" title={`Token for “${String(data.label)}”`}>
          Copy it into the app now. It is shown only this once: Gatehouse keeps only a fingerprint of it.
        </Alert>
        <div className="flex flex-wrap items-start gap-6">
          <img
            src={String(data.qr)}
            alt={`QR code with the server address and the token for ${String(data.label)}`}
            width={200}
            height={200}
            className="rounded-md bg-white p-2"
            data-testid="token-qr"
          />
          <dl className="min-w-0 flex-1 space-y-3 text-sm">
            <div>
              <dt className="font-medium">Server address</dt>
              <dd className="mt-1 flex flex-wrap items-center gap-2">
                <code id="token-server" className="break-all rounded bg-zinc-100 px-2 py-1 dark:bg-zinc-800" data-testid="token-server">
                  {String(data.serverUrl)}
                </code>
                <CopyButton text={String(data.serverUrl)} label="Copy address" targetId="token-server" />
              </dd>
            </div>
            <div>
              <dt className="font-medium">Token</dt>
              <dd className="mt-1 flex flex-wrap items-center gap-2">
                <code id="token-value" className="break-all rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-800" data-testid="token-value">
                  {data.token}
                </code>
                <CopyButton text={data.token} label="Copy token" targetId="token-value" />
              </dd>
            </div>
            <div>
              <dt className="font-medium">Expires</dt>
              <dd className="mt-1">{data.expiresAt ? `${String(data.expiresAt).slice(0, 10)}` : 'Never (revoke it when the device is gone)'}</dd>
            </div>
          </dl>
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          In Paperless Mobile, Swift Paperless or Paperparrot, choose the token (API key) sign-in, enter the server address and paste the token.
        </p>
        <button type="button" className={buttonClasses('secondary')} onClick={() => window.location.assign('/tokens')}>
          Done: I have copied it
        </button>
      </div>
    );
  }

  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="requestId" value={requestId} />
      <Field
        name="label"
        label="Device name"
        required
        maxLength={80}
        autoComplete="off"
        placeholder="Anna's iPhone — Paperparrot"
        defaultValue={state.values?.label}
        error={state.fieldErrors?.label}
        description="So you can tell your tokens apart and revoke the right one when a phone is lost."
      />
      <div>
        <label htmlFor="field-expires" className="block text-sm font-medium">
          Expires
        </label>
        <select id="field-expires" name="expires" defaultValue={state.values?.expires ?? DEFAULT_EXPIRY} className={`${inputClasses} mt-1 max-w-xs`}>
          {EXPIRY_CHOICES.map((value) => (
            <option key={value} value={value}>
              {EXPIRY_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton pendingLabel="Creating… (asking Paperless, this can take a moment)">Create token</SubmitButton>
    </form>
  );
}
