import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { getCurrentSession, requirePage } from '@/lib/auth/current-session';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { secondFactorSummary } from '@/lib/mfa/second-factor-step';
import { describeLock } from '@/lib/regulation/regulation';
import { SignOutButton } from '../../../(dashboard)/sign-out-button';
import { SetupFirstFactor } from './setup-first';
import { RecoveryStep, TotpStep, WebauthnStep } from './step-forms';

export const metadata: Metadata = { title: 'Second factor' };

/**
 * The second step of signing in, and the step-up page the verify endpoint sends a one-factor
 * session to. A user with no factor yet is guided into setting one up.
 */
export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const rd = typeof params.rd === 'string' ? params.rd : undefined;
  const env = getEnv();
  const target = safeReturnUrl(rd, returnUrlPolicyOf(env));
  if ((await getCurrentSession()).status !== 'ok') redirect(rd ? `/sign-in?rd=${encodeURIComponent(rd)}` : '/sign-in');
  const current = await requirePage('/(auth)/sign-in/second-factor/page');
  if (current.session.level === 'two_factor') redirect(target ?? '/');
  const summary = await secondFactorSummary(getDb(), current.user.id);
  const app = target && !target.startsWith('/') ? new URL(target).host : null;
  const returnTo = target ?? undefined;

  if (!summary.totp && !summary.webauthn) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Set up a second factor</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {app ? `${app} asks for two-factor sign-in.` : 'This needs two-factor sign-in.'} You are signed in as{' '}
          <strong className="font-semibold">{current.user.username}</strong> with your password only. Add an authenticator app or a security key: we email you a
          link to start, which works in this browser for {Math.round(env.secondFactor.deviceLinkTtlMs / 60_000)} minutes.
        </p>
        <SetupFirstFactor rd={returnTo} />
        <SignOutButton />
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Second factor</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {app ? `To continue to ${app}, confirm` : 'Confirm'} it is you, {current.user.displayName}.
        </p>
      </div>
      {summary.lockedUntil ? (
        <Alert tone="error" title="Locked for now">
          <span data-testid="lock-message">{describeLock(summary.lockedUntil, new Date())}</span>
        </Alert>
      ) : (
        <>
          {summary.webauthn && <WebauthnStep rd={returnTo} primary={!summary.totp} />}
          {summary.totp && <TotpStep rd={returnTo} />}
          {summary.recoveryCodes > 0 && <RecoveryStep rd={returnTo} />}
        </>
      )}
      <div className="flex items-center justify-between border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
        <Link href="/" className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          Go to your dashboard
        </Link>
        <SignOutButton />
      </div>
    </div>
  );
}
