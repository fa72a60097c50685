import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { getRequestMeta } from '@/lib/http/request-meta';
import { launcherViewer } from '@/lib/launcher/decide-access';
import { loadLauncher } from '@/lib/launcher/load-launcher';
import { LauncherGrid } from './launcher-grid';
import { RecentSignIns } from './recent-sign-ins';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { user, session } = await requirePage('/(dashboard)/page');
  const env = getEnv();
  // Signed in with the password only, though a second factor exists: show what that allows.
  const confirmFirst = user.hasSecondFactor && session.level !== 'two_factor';
  const confirm = (rd: string) => `/sign-in/second-factor?rd=${encodeURIComponent(rd)}`;
  // The legacy nginx flow (error_page 401 =302 https://portal/?rd=…) lands signed-in users here.
  if (typeof params.rd === 'string') {
    const target = safeReturnUrl(params.rd, returnUrlPolicyOf(env));
    if (target && target !== '/' && !target.startsWith('/?')) redirect(target);
  }
  const { tiles, signIns } = await loadLauncher(getDb(), {
    userId: user.id,
    viewer: launcherViewer({ user, session }, (await getRequestMeta()).ip),
    providerNames: Object.fromEntries(env.signup.providers.map((p) => [p.id, p.name])),
  });
  return (
    <div className="space-y-6">
      {params.welcome === '1' && (
        <Alert tone="success" title="Your administrator account is ready">
          Next: create accounts for the people who should get in, under Admin → Users.
        </Alert>
      )}
      {params.password === 'set' && <Alert tone="success">Your password is set and you are signed in.</Alert>}
      {confirmFirst && (
        <Alert tone="warning" title="Signed in with your password only" testId="confirm-second-factor">
          <p>
            You have a second factor but have not confirmed it in this session. Until you do, you can see your account and sign out, but not change your second
            factors, sessions or device tokens{user.isAdmin ? ', nor open the admin pages' : ''}.
          </p>
          <Link href={confirm('/')} className="mt-2 inline-block font-semibold underline">
            Confirm your second factor
          </Link>
        </Alert>
      )}
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Hello, {user.displayName}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">You are signed in to {env.appName}.</p>
      </div>
      <section aria-labelledby="apps-heading" className="space-y-3">
        <h2 id="apps-heading" className="text-lg font-semibold">
          Your applications
        </h2>
        {tiles.length > 0 ? (
          <LauncherGrid tiles={tiles} />
        ) : (
          <div className="rounded-lg border border-dashed border-zinc-300 p-6 text-sm dark:border-zinc-700" data-testid="no-apps">
            {user.isAdmin ? (
              <p>
                No applications yet.{' '}
                <Link
                  href={confirmFirst ? confirm('/admin/applications/new') : '/admin/applications/new'}
                  className="font-semibold text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
                >
                  Add the first application
                </Link>{' '}
                to protect it and show it here.
              </p>
            ) : (
              <p className="text-zinc-600 dark:text-zinc-400">No applications yet — your administrator adds them.</p>
            )}
          </div>
        )}
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Your account">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-zinc-600 dark:text-zinc-400">Username</dt>
            <dd className="font-mono">{user.username}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Groups</dt>
            <dd className="flex flex-wrap gap-1">
              {user.groups.length ? user.groups.map((g) => <Badge key={g}>{g}</Badge>) : <span className="text-zinc-600 dark:text-zinc-400">none</span>}
            </dd>
            <dt className="text-zinc-600 dark:text-zinc-400">This sign-in</dt>
            <dd>{session.level === 'two_factor' ? 'two factors' : 'password only'}</dd>
          </dl>
        </Card>
        <Card title="Recent sign-ins" description="Your last sign-ins, newest first.">
          <RecentSignIns signIns={signIns} />
        </Card>
        {user.isAdmin && (
          <Card title="Administration" description="Create accounts, read the audit log and check mail delivery.">
            {confirmFirst ? (
              <Link href={confirm('/admin')} className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
                Confirm your second factor to open the admin pages →
              </Link>
            ) : (
              <Link href="/admin" className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
                Open the admin pages →
              </Link>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}
