import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { describeUnusableLink } from '@/lib/links/one-time-token';
import { inspectEmailLink } from '@/lib/auth/email-link/inspect-email-link';
import { LinkProblem } from '../../../link-problem';
import { ConfirmEmailLink } from './confirm-email-link';

export const metadata: Metadata = { title: 'Sign in by email' };

/** Opening the link changes nothing (mail scanners open links too): the button signs in. */
export default async function EmailLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectEmailLink(getDb(), token);
  if (link.status !== 'ok') {
    const problem = describeUnusableLink(link.status);
    return <LinkProblem title={problem.title} message={`${problem.message} Ask for a new link on the sign-in page.`} />;
  }
  return (
    <div>
      <h1 className="text-xl font-semibold">Sign in as {link.email}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Press the button to sign in. The link works once.</p>
      <ConfirmEmailLink token={token} />
    </div>
  );
}
