'use client';
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { useCeremony } from '@/components/mfa/use-ceremony';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { passkeyOptionsCall, passkeySignInCall } from './actions';

/** Usernameless sign-in with a passkey: one step, two factors. Hidden where WebAuthn is missing. */
export function PasskeyButton({ rd }: { rd?: string }) {
  const [supported, setSupported] = useState(false);
  const { busy, problem, run } = useCeremony();
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  if (!supported) return null;
  const signIn = () =>
    run({
      options: () => passkeyOptionsCall({}),
      browser: (optionsJSON) => startAuthentication({ optionsJSON }),
      refused: () => 'No passkey was used (cancelled, or none for this site). Sign in with your password instead.',
      finish: (response) => passkeySignInCall({ response, rd }),
      done: (next) => window.location.assign(next),
    });
  return (
    <div className="mt-5 space-y-3">
      <div className="flex items-center gap-3 text-xs text-zinc-500" aria-hidden>
        <span className="h-px grow bg-zinc-200 dark:bg-zinc-800" />
        or
        <span className="h-px grow bg-zinc-200 dark:bg-zinc-800" />
      </div>
      {problem && (
        <Alert tone="error" live testId="passkey-message">
          {problem}
        </Alert>
      )}
      <button type="button" onClick={() => void signIn()} disabled={busy} className={buttonClasses('secondary', 'w-full')}>
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}
