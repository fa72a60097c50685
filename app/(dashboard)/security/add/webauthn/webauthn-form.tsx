'use client';
import Link from 'next/link';
import { startRegistration } from '@simplewebauthn/browser';
import { useState } from 'react';
import { Field } from '@/components/forms/field';
import { RecoveryCodes } from '@/components/mfa/recovery-codes';
import { useCeremony } from '@/components/mfa/use-ceremony';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { webauthnEnrollCall, webauthnEnrollOptionsCall } from '../../factor-actions';

type Done = { recoveryCodes: string[] | null; next: string };

export function WebauthnForm({ grant, rd, appName, username }: { grant: string; rd?: string; appName: string; username: string }) {
  const [name, setName] = useState('Security key');
  const { busy, problem, run } = useCeremony();
  const [done, setDone] = useState<Done | null>(null);

  const register = () =>
    run({
      options: () => webauthnEnrollOptionsCall({ grant }),
      browser: (optionsJSON) => startRegistration({ optionsJSON }),
      refused: (error) =>
        error instanceof Error && error.name === 'InvalidStateError'
          ? 'This key is already registered on your account.'
          : 'The browser did not create a credential (cancelled, or timed out). Try again.',
      finish: (response) => webauthnEnrollCall({ grant, name, response, rd }),
      done: (value) => (value.recoveryCodes ? setDone(value) : window.location.assign(value.next)),
    });

  if (done?.recoveryCodes) {
    return (
      <div className="space-y-4">
        <Alert tone="success" live>
          The security key or passkey is added.
        </Alert>
        <RecoveryCodes codes={done.recoveryCodes} appName={appName} username={username} />
        <Link href={done.next} className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          I have saved them: continue
        </Link>
      </div>
    );
  }
  return (
    <form
      className="max-w-sm space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void register();
      }}
    >
      {problem && (
        <Alert tone="error" live testId="form-message">
          {problem}
        </Alert>
      )}
      <Field
        name="name"
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={60}
        description="So you can tell it apart later, e.g. “Blue key” or “Laptop passkey”."
      />
      <button type="submit" disabled={busy || !name.trim()} className={buttonClasses('primary')}>
        {busy ? 'Waiting for your key…' : 'Register the security key or passkey'}
      </button>
    </form>
  );
}
