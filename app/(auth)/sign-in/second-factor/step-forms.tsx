'use client';
import { startAuthentication } from '@simplewebauthn/browser';
import { useActionState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { useCeremony } from '@/components/mfa/use-ceremony';
import { SubmitButton } from '@/components/forms/submit-button';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { recoveryStepAction, totpStepAction, webauthnStepCall, webauthnStepOptionsCall } from './actions';

export function TotpStep({ rd }: { rd?: string }) {
  const [state, action] = useActionState(totpStepAction, IDLE);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormAlert state={state} />
      {rd && <input type="hidden" name="rd" value={rd} />}
      <Field
        id="totp-code"
        name="code"
        label="Code from your authenticator app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={8}
        required
        autoFocus
        error={state.fieldErrors?.code}
      />
      <SubmitButton className="w-full" pendingLabel="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}

export function WebauthnStep({ rd, primary }: { rd?: string; primary: boolean }) {
  const { busy, problem, run } = useCeremony();
  const verify = () =>
    run({
      options: () => webauthnStepOptionsCall({}),
      browser: (optionsJSON) => startAuthentication({ optionsJSON }),
      refused: () => 'The browser did not get an answer from your key (cancelled, or timed out). Try again.',
      finish: (response) => webauthnStepCall({ response, rd }),
      done: (next) => window.location.assign(next),
    });
  return (
    <div className="space-y-3">
      {problem && (
        <Alert tone="error" live testId="webauthn-message">
          {problem}
        </Alert>
      )}
      <button type="button" onClick={() => void verify()} disabled={busy} className={buttonClasses(primary ? 'primary' : 'secondary', 'w-full')}>
        {busy ? 'Waiting for your key…' : 'Use your security key or passkey'}
      </button>
    </div>
  );
}

export function RecoveryStep({ rd }: { rd?: string }) {
  const [state, action] = useActionState(recoveryStepAction, IDLE);
  return (
    <details className="text-sm" open={state.status === 'error'}>
      <summary className="cursor-pointer font-medium">Use a recovery code instead</summary>
      <form action={action} className="mt-3 space-y-3" noValidate>
        <FormAlert state={state} />
        {rd && <input type="hidden" name="rd" value={rd} />}
        <Field
          id="recovery-code"
          name="code"
          label="Recovery code"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="xxxx-xxxx-xxxx"
          error={state.fieldErrors?.code}
        />
        <SubmitButton variant="secondary" pendingLabel="Checking…">
          Use the recovery code
        </SubmitButton>
      </form>
    </details>
  );
}
