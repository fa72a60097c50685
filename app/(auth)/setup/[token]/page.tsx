import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/lib/db';
import { describeUnusableLink, inspectOneTimeToken } from '@/lib/links/one-time-token';
import { adminExists } from '@/lib/setup/issue-setup-link';
import { LinkProblem } from '../../link-problem';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up' };

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  if (await adminExists(db)) {
    return (
      <div>
        <h1 className="text-xl font-semibold">Setup is complete</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">An administrator account already exists, so this setup link no longer works.</p>
        <p className="mt-6 text-sm">
          <Link href="/sign-in" className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  const link = await inspectOneTimeToken(db, token, 'setup');
  if (link.status !== 'ok') {
    const problem = describeUnusableLink(link.status);
    return <LinkProblem title={problem.title} message={`${problem.message} Restart Gatehouse (or run "npm run setup-link") to print a new setup link.`} />;
  }
  return (
    <div>
      <h1 className="text-xl font-semibold">Create the first administrator</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">This account manages users, access rules and settings. The link works once.</p>
      <SetupForm token={token} />
    </div>
  );
}
