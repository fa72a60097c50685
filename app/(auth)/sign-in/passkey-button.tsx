'use client';
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { passkeyOptionsCall, passkeySignInCall } from './actions';

/** Usernameless sign-in with a passkey: one step, two factors. Hidden where WebAuthn is missing. */
export function PasskeyButton({ rd }: { rd?: string }) {
  const [supported, setSupported] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  if (!supported) return null;
  async function run() {
    setBusy(true);
    setProblem(null);
    try {
      const options = await passkeyOptionsCall({});
      if (!options.ok) return setProblem(options.message);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options.value });
      } catch {
        return setProblem('No passkey was used (cancelled, or none for this site). Sign in with your password instead.');
      }
      const result = await passkeySignInCall({ response, rd });
      if (!result.ok) return setProblem(result.message);
      window.location.assign(result.value);
    } finally {
      setBusy(false);
    }
  }
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
      <button type="button" onClick={() => void run()} disabled={busy} className={buttonClasses('secondary', 'w-full')}>
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}
