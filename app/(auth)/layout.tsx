import type { ReactNode } from 'react';
import { Logo } from '@/components/ui/logo';
import { getEnv } from '@/lib/config';

/** The signed-out shell: a centred card under the portal's name. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  const { appName } = getEnv();
  return (
    <main id="main" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-md">
        <p className="mb-6 flex items-center justify-center gap-2 text-lg font-bold tracking-tight">
          <Logo className="size-8" />
          {appName}
        </p>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">{children}</div>
      </div>
    </main>
  );
}
