import type { Metadata } from 'next';
import Link from 'next/link';
import { getCurrentSession } from '@/lib/auth/current-session';
import { SignOutButton } from '../../(dashboard)/sign-out-button';

export const metadata: Metadata = { title: 'Sign out' };

/**
 * Where apps send people who sign out of them (Paperless's PAPERLESS_LOGOUT_REDIRECT_URL).
 * Signing out takes a button press: a GET never ends a session, so a link or an image on
 * another site cannot sign anyone out.
 */
export default async function LogoutPage() {
  const current = await getCurrentSession();
  if (current.status !== 'ok') {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">You are signed out</h1>
        <Link href="/sign-in" className="font-medium text-indigo-700 underline dark:text-indigo-400">
          Sign in again
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Sign out of every app?</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        You are signed in as <strong>{current.user.displayName}</strong>. Signing out here ends your session for every app behind this portal, Paperless
        included.
      </p>
      <div className="flex items-center gap-3">
        <SignOutButton variant="primary" />
        <Link href="/" className="text-sm underline">
          Stay signed in
        </Link>
      </div>
    </div>
  );
}
