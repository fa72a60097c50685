'use client';
import { startAuthentication } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { IDLE, type FormState } from '@/lib/actions/form-state';
import type { ReproveMethods } from '@/lib/auth/assurance-reprove';
import { reprovePasswordAction, reproveRecoveryCodeAction, reproveTotpAction, reproveWebauthnCall, reproveWebauthnOptionsCall } from './actions';

type Busy = null | 'totp' | 'webauthn' | 'recovery' | 'password';

/**
 * Proving it is you again, with what you have: a security key or passkey, an authenticator-app
 * code or a recovery code, or — only without a second factor — your password. Used by the
 * in-place dialog and by the /reauth page. The actions are called from event handlers, not as
 * form actions: the form that opened the dialog is in the middle of its own action, and this
 * one's answers must show at once.
 */
export function ReproveForm({
  methods,
  onProven,
  onCancel,
  idPrefix = 'reprove',
}: {
  methods: ReproveMethods;
  onProven: () => void;
  onCancel?: () => void;
  idPrefix?: string;
}) {
  const [busy, setBusy] = useState<Busy>(null);
  const [problem, setProblem] = useState<{ message: string; field?: Busy } | null>(null);

  async function submit(kind: Exclude<Busy, null | 'webauthn'>, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setBusy(kind);
    setProblem(null);
    let result: FormState;
    try {
      const action = kind === 'totp' ? reproveTotpAction : kind === 'recovery' ? reproveRecoveryCodeAction : reprovePasswordAction;
      result = await action(IDLE, form);
    } catch {
      result = { status: 'error', message: 'The portal could not be reached. Check your connection and try again.' };
    }
    setBusy(null);
    if (result.status === 'success') return onProven();
    const fieldMessage = result.fieldErrors?.code ?? result.fieldErrors?.password;
    setProblem({ message: fieldMessage ?? result.message ?? 'That did not work. Try again.', field: fieldMessage ? kind : undefined });
  }

  async function verifyWithKey() {
    if (busy) return;
    setBusy('webauthn');
    setProblem(null);
    try {
      const options = await reproveWebauthnOptionsCall({});
      if (!options.ok) return setProblem({ message: options.message });
      let response: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        response = await startAuthentication({ optionsJSON: options.value });
      } catch {
        return setProblem({ message: 'The browser did not get an answer from your key (cancelled, or timed out). Try again.' });
      }
      const result = await reproveWebauthnCall({ response });
      if (!result.ok) return setProblem({ message: result.message });
      onProven();
    } catch {
      setProblem({ message: 'The portal could not be reached. Check your connection and try again.' });
    } finally {
      setBusy(null);
    }
  }

  const fieldError = (kind: Busy) => (problem?.field === kind ? problem.message : undefined);
  const none = !methods.totp && !methods.webauthn && methods.recoveryCodes === 0 && !methods.password;
  return (
    <div className="space-y-4">
      {problem && !problem.field && (
        <Alert tone="error" live testId="reprove-message">
          {problem.message}
        </Alert>
      )}
      {none && (
        <Alert tone="warning" testId="reprove-message">
          You have neither a password nor a second factor to confirm with. Add a second factor on the Security page first.
        </Alert>
      )}
      {methods.webauthn && (
        <button
          type="button"
          onClick={() => void verifyWithKey()}
          disabled={busy !== null}
          className={buttonClasses(methods.totp ? 'secondary' : 'primary', 'w-full')}
        >
          {busy === 'webauthn' ? 'Waiting for your key…' : 'Use your security key or passkey'}
        </button>
      )}
      {methods.totp && (
        <form onSubmit={(e) => void submit('totp', e)} className="space-y-3" noValidate>
          <Field
            id={`${idPrefix}-totp`}
            name="code"
            label="Code from your authenticator app"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            required
            autoFocus
            error={fieldError('totp')}
          />
          <button type="submit" disabled={busy !== null} className={buttonClasses('primary', 'w-full')}>
            {busy === 'totp' ? 'Checking…' : 'Confirm'}
          </button>
        </form>
      )}
      {methods.recoveryCodes > 0 && (
        <details className="text-sm" open={problem?.field === 'recovery' || (!methods.totp && !methods.webauthn)}>
          <summary className="cursor-pointer font-medium">Use a recovery code instead</summary>
          <form onSubmit={(e) => void submit('recovery', e)} className="mt-3 space-y-3" noValidate>
            <Field
              id={`${idPrefix}-recovery`}
              name="code"
              label="Recovery code"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="xxxx-xxxx-xxxx"
              error={fieldError('recovery')}
            />
            <button type="submit" disabled={busy !== null} className={buttonClasses('secondary')}>
              {busy === 'recovery' ? 'Checking…' : 'Use the recovery code'}
            </button>
          </form>
        </details>
      )}
      {methods.password && (
        <form onSubmit={(e) => void submit('password', e)} className="space-y-3" noValidate>
          <Field
            id={`${idPrefix}-password`}
            name="password"
            type="password"
            label="Your password"
            autoComplete="current-password"
            required
            autoFocus
            error={fieldError('password')}
          />
          <button type="submit" disabled={busy !== null} className={buttonClasses('primary', 'w-full')}>
            {busy === 'password' ? 'Checking…' : 'Confirm'}
          </button>
        </form>
      )}
      {onCancel && (
        <button type="button" onClick={onCancel} className={buttonClasses('ghost', 'w-full')}>
          Cancel
        </button>
      )}
    </div>
  );
}
