'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';

/**
 * One button per configured provider. next-auth's client asks for its CSRF token and the
 * provider's authorization URL, then the browser goes there (a plain form POST would be stopped
 * by the page's form-action CSP on its redirect to the provider).
 */
export function ProviderButtons({ providers, rd }: { providers: { id: string; name: string }[]; rd?: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (providers.length === 0) return null;
  async function go(id: string) {
    setBusy(id);
    setProblem(null);
    try {
      const callbackUrl = `/sign-in${rd ? `?rd=${encodeURIComponent(rd)}` : ''}`;
      await signIn(id, { callbackUrl });
    } catch {
      setProblem('Could not reach the sign-in provider. Try again in a moment.');
      setBusy(null);
    }
  }
  return (
    <div className="mt-5 space-y-2" data-testid="provider-buttons">
      {problem && (
        <Alert live tone="error">
          {problem}
        </Alert>
      )}
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          disabled={busy !== null}
          aria-disabled={busy !== null}
          onClick={() => void go(p.id)}
          className={buttonClasses('secondary', 'w-full justify-center')}
        >
          {busy === p.id && <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />}
          {busy === p.id ? `Going to ${p.name}…` : `Continue with ${p.name}`}
        </button>
      ))}
    </div>
  );
}
