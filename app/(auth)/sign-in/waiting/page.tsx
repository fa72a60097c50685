import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Waiting for approval' };

/** Where a first-time sign-in lands while an admin decides. No session exists yet. */
export default function WaitingPage() {
  return (
    <div>
      <h1 className="text-xl font-semibold">Waiting for approval</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Thank you. Your request for an account has reached the administrators, and we emailed you a confirmation. You will get another email when an
        administrator has decided; then sign in the same way again.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          Back to sign-in
        </Link>
      </p>
    </div>
  );
}
