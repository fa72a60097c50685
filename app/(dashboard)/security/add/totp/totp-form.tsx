'use client';
import Link from 'next/link';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { RecoveryCodes } from '@/components/mfa/recovery-codes';
import { IDLE } from '@/lib/actions/form-state';
import { enrollTotpAction } from '../../factor-actions';

/** What the app is set up from: shown only until the code is confirmed. */
type TotpSetup = { qr: string; key: string; uri: string };

/**
 * The whole enrolment: the QR code, the key and the code form. Once the code is confirmed the
 * QR code and the key leave the page (and the DOM) and the success state takes their place.
 */
export function TotpForm({ grant, rd, appName, username, setup }: { grant: string; rd?: string; appName: string; username: string; setup: TotpSetup }) {
  const [state, action] = useGuardedActionState(enrollTotpAction, IDLE);
  const codes = typeof state.data?.codes === 'string' ? state.data.codes.split('\n') : null;
  if (state.status === 'success') {
    const next = typeof state.data?.next === 'string' ? state.data.next : '/security';
    return (
      <div className="space-y-4" data-testid="totp-added">
        <FormAlert state={state} />
        {codes && <RecoveryCodes codes={codes} appName={appName} username={username} />}
        <Link href={next} className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          {codes ? 'I have saved them: continue' : 'Continue'}
        </Link>
      </div>
    );
  }
  return (
    <div className="grid gap-6 md:grid-cols-[auto_1fr]">
      <div className="space-y-2">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={setup.qr} alt="QR code for your authenticator app" width={200} height={200} className="rounded-md bg-white p-2" data-testid="totp-qr" />
      </div>
      <div className="space-y-4 text-sm">
        <ol className="list-decimal space-y-1 pl-5">
          <li>Scan the QR code with your app, or type the key below.</li>
          <li>Type the 6-digit code the app shows, to prove it works.</li>
        </ol>
        <div>
          <p className="font-medium">Key</p>
          <p className="font-mono break-all" data-testid="totp-secret">
            {setup.key}
          </p>
        </div>
        <details>
          <summary className="cursor-pointer font-medium">Show the setup link (otpauth://)</summary>
          <p className="mt-1 font-mono text-xs break-all" data-testid="totp-uri">
            {setup.uri}
          </p>
        </details>
        <form action={action} className="max-w-sm space-y-4" noValidate>
          <FormAlert state={state} />
          <input type="hidden" name="grant" value={grant} />
          {rd && <input type="hidden" name="rd" value={rd} />}
          <Field
            name="name"
            label="Name"
            defaultValue={state.values?.name ?? 'Authenticator app'}
            error={state.fieldErrors?.name}
            description="So you can tell it apart later, e.g. “Phone”."
          />
          <Field
            name="code"
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={8}
            required
            autoFocus
            error={state.fieldErrors?.code}
          />
          <SubmitButton pendingLabel="Checking…">Add the app</SubmitButton>
        </form>
      </div>
    </div>
  );
}
