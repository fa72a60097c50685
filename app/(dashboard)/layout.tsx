import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/ui/logo';
import { requireUser } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { NavLink } from './nav-link';
import { ReproveDialog } from './reauth/reprove-dialog';
import { SignOutButton } from './sign-out-button';

/**
 * The signed-in shell. It shows only what this session may use: Security for everyone; Tokens and
 * Admin (for admins) once a user who has a second factor has confirmed it in this session. It
 * also holds the "confirm it is you" dialog that forms open for sudo mode.
 * (Pages check the session themselves; this layout only decides what to draw.)
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, session } = await requireUser();
  const { appName } = getEnv();
  // A one-factor session of a user who has a factor may do only what a password alone allows.
  const confirmFirst = user.hasSecondFactor && session.level !== 'two_factor';
  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-bold tracking-tight">
            <Logo className="size-7" />
            {appName}
          </Link>
          <nav aria-label="Main" className="order-3 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
            <NavLink href="/" exact>
              Home
            </NavLink>
            <NavLink href="/security">Security</NavLink>
            {!confirmFirst && <NavLink href="/tokens">Tokens</NavLink>}
            {user.isAdmin && !confirmFirst && <NavLink href="/admin">Admin</NavLink>}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <span className="hidden text-sm text-zinc-600 sm:inline dark:text-zinc-400" data-testid="signed-in-as">
              {user.displayName}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
      <ReproveDialog username={user.username} />
    </div>
  );
}
