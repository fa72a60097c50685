import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { buttonClasses } from '@/components/ui/button';
import { getCurrentSession } from '@/lib/auth/current-session';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getEnv } from '@/lib/env';
import { SignOutButton } from '../../../(dashboard)/sign-out-button';

export const metadata: Metadata = { title: 'Second factor needed' };

/**
 * Where the verify endpoint sends a signed-in user whose session has one factor but whose app
 * needs two. Until second factors can be registered, it says so plainly.
 */
export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const rd = typeof params.rd === 'string' ? params.rd : undefined;
  const env = getEnv();
  const target = safeReturnUrl(rd, returnUrlPolicyOf(env));
  const current = await getCurrentSession();
  if (current.status !== 'ok') redirect(rd ? `/sign-in?rd=${encodeURIComponent(rd)}` : '/sign-in');
  if (current.session.level === 'two_factor') redirect(target ?? '/');
  const app = target && !target.startsWith('/') ? new URL(target).host : 'This app';
  return (
    <div>
      <h1 className="text-xl font-semibold">A second factor is needed</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {app} asks for two-factor sign-in: your password plus an authenticator app or a security key. You are signed in as{' '}
        <strong className="font-semibold">{current.user.username}</strong> with your password only.
      </p>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="second-factor-unavailable">
        Registering a second factor is not available in this version of {env.appName} yet. Ask your administrator to change the access rule for this app, or
        to let you in another way.
      </p>
      <div className="mt-6 flex flex-wrap items-center gap-2">
        <Link href="/" className={buttonClasses('secondary')}>
          Go to your dashboard
        </Link>
        <SignOutButton />
      </div>
    </div>
  );
}
