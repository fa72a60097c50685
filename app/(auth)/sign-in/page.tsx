import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/current-session';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getEnv } from '@/lib/config';
import { Alert } from '@/components/ui/alert';
import { nextAuthErrorMessage } from '@/lib/auth/identity/next-auth-errors';
import { providerButtons } from '@/lib/auth/providers/registry';
import { SIGNED_OUT_PARAM, signedOutNotice } from '@/lib/auth/signed-out-notice';
import { DuplicateCookieNotice } from './duplicate-cookie-notice';
import { EmailLinkForm } from './email-link-form';
import { PasskeyButton } from './passkey-button';
import { ProviderButtons } from './provider-buttons';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const rd = typeof params.rd === 'string' ? params.rd : undefined;
  const env = getEnv();
  const target = safeReturnUrl(rd, returnUrlPolicyOf(env));
  const current = await getCurrentSession();
  if (current.status === 'ok') redirect(target ?? '/');
  const notice = signedOutNotice(params[SIGNED_OUT_PARAM], current);
  return (
    <div>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {target && !target.startsWith('/') ? `Sign in to continue to ${new URL(target).host}.` : `Sign in to ${env.appName}.`}
      </p>
      <DuplicateCookieNotice />
      {notice && (
        <Alert tone={notice.kind === 'signed-out' ? 'success' : 'info'} live className="mb-4" testId="signed-out-notice" title={notice.title}>
          {notice.text}
        </Alert>
      )}
      {typeof params.error === 'string' && (
        <Alert tone="error" className="mb-4" testId="provider-problem">
          {nextAuthErrorMessage(params.error)}
        </Alert>
      )}
      <SignInForm rd={target ?? undefined} />
      <PasskeyButton rd={target ?? undefined} />
      <ProviderButtons providers={providerButtons(env.signup.providers)} rd={target ?? undefined} />
      {env.signup.emailSignIn && <EmailLinkForm rd={target ?? undefined} />}
    </div>
  );
}
