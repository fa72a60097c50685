import Link from 'next/link';

/**
 * Where a one-factor session meets something that needs two (lib/auth/assurance.ts): says what,
 * and links to the second-factor step, which comes back to `rd` afterwards.
 */
export function ConfirmFirst({ what, rd }: { what: string; rd: string }) {
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="confirm-first">
      Confirm your second factor to {what}.{' '}
      <Link href={`/sign-in/second-factor?rd=${encodeURIComponent(rd)}`} className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
        Confirm it now
      </Link>
    </p>
  );
}
