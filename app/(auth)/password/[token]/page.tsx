import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { describeUnusableLink, inspectOneTimeToken } from '@/lib/links/one-time-token';
import { isDirectoryAccount, MANAGED_BY_DIRECTORY } from '@/lib/users/directory-password';
import { LinkProblem } from '../../link-problem';
import { PasswordForm } from './password-form';

export const metadata: Metadata = { title: 'Choose a password' };

export default async function PasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  const link = await inspectOneTimeToken(db, token, 'password_set');
  const user =
    link.status === 'ok' && link.row.userId
      ? await db.user.findUnique({ where: { id: link.row.userId }, select: { username: true, displayName: true, status: true, authSource: true } })
      : null;
  if (link.status !== 'ok' || !user) {
    const problem = describeUnusableLink(link.status === 'ok' ? 'invalid' : link.status);
    return <LinkProblem title={problem.title} message={`${problem.message} An administrator can send you a new link.`} />;
  }
  if (isDirectoryAccount(user)) return <LinkProblem title="Managed by your directory" message={MANAGED_BY_DIRECTORY} />;
  if (user.status !== 'active') {
    return <LinkProblem title="This account cannot be used" message="The account is not active. Ask an administrator." />;
  }
  return (
    <div>
      <h1 className="text-xl font-semibold">Choose a password</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Hello {user.displayName}. Your username is <strong className="font-semibold">{user.username}</strong>.
      </p>
      <PasswordForm token={token} username={user.username} />
    </div>
  );
}
