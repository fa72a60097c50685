'use client';
import { buttonClasses } from '@/components/ui/button';

/** Shown when a page fails to render; the digest lets an admin find the server log line. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        The page could not be shown. Try again in a moment; if it keeps happening, give the administrator this reference:{' '}
        <span className="font-mono">{error.digest ?? 'unknown'}</span>.
      </p>
      <button type="button" onClick={reset} className={buttonClasses('secondary')}>
        Try again
      </button>
    </main>
  );
}
