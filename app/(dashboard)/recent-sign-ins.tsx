import Link from 'next/link';
import { Time } from '@/components/ui/time';
import type { TRecentSignIn } from '@/lib/launcher/list-recent-sign-ins';

/** The user's last sign-ins, with where to go when one was not them. */
export function RecentSignIns({ signIns }: { signIns: TRecentSignIn[] }) {
  return (
    <div className="space-y-3">
      {signIns.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-sign-ins">
          No sign-ins recorded yet.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Recent sign-ins">
          {signIns.map((s) => (
            <li key={s.id} className="py-2 text-sm" data-testid="sign-in-row">
              <p className="font-medium break-words">
                {s.method} · {s.browser}
                {s.ip ? <span className="font-normal text-zinc-600 dark:text-zinc-400"> from {s.ip}</span> : null}
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">
                <Time value={s.at} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm">
        This was not you?{' '}
        <Link
          href="/security#sessions"
          className="rounded font-semibold text-indigo-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-400"
        >
          End sessions or sign out everywhere
        </Link>
      </p>
    </div>
  );
}
