import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { loadOverview } from '@/lib/overview/load-overview';
import { FactorChangeRequests } from './factor-change-requests';
import { FailedSignInChart } from './failed-sign-in-chart';
import { FirstRunChecklist } from './first-run-checklist';

export const metadata: Metadata = { title: 'Overview' };

function Count({ label, value, href, testId }: { label: string; value: number; href: string; testId: string }) {
  return (
    <Link
      href={href}
      className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm hover:border-indigo-400 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={testId}
    >
      <span className="block text-3xl font-semibold tabular-nums">{value.toLocaleString('en')}</span>
      <span className="block text-sm text-zinc-600 dark:text-zinc-400">{label}</span>
    </Link>
  );
}

export default async function AdminOverview() {
  const { user } = await requirePage('/(dashboard)/admin/page');
  const overview = await loadOverview(getDb(), getEnv());
  const { counts, warnings } = overview;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">What is happening and what needs your attention.</p>
      </div>
      <FirstRunChecklist userId={user.id} />
      <section aria-label="Counts" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Count label="Pending signups" value={counts.pendingSignups} href="/admin/signups" testId="count-pending" />
        <Count label="Active users" value={counts.activeUsers} href="/admin/users?status=active" testId="count-active" />
        <Count label="Current bans" value={counts.currentBans} href="/admin/bans" testId="count-bans" />
        <Count label="Failed sign-ins, 24 h" value={counts.failedSignIns24h} href="/admin/audit?type=auth.sign_in" testId="count-failed" />
      </section>
      <Card title="Needs action">
        {warnings.length === 0 ? (
          <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="overview-all-well">
            All is well: nothing needs your attention.
          </p>
        ) : (
          <ul className="space-y-3" aria-label="Warnings">
            {warnings.map((w) => (
              <li
                key={w.id}
                className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
                data-testid={`warning-${w.id}`}
              >
                <p className="font-semibold">{w.title}</p>
                <p>{w.detail}</p>
                <Link href={w.href} className="font-medium underline">
                  {w.linkLabel}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <FactorChangeRequests />
      <Card title="Failed sign-ins">
        <FailedSignInChart data={overview.failedByHour} />
      </Card>
    </div>
  );
}
