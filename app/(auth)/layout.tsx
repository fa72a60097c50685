import type { ReactNode } from 'react';
import { getEnv } from '@/lib/config';

/** The signed-out shell: a centred card under the portal's name. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  const { appName } = getEnv();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-md">
        <p className="mb-6 flex items-center justify-center gap-2 text-lg font-bold tracking-tight">
          <span aria-hidden className="grid size-8 place-items-center rounded-md bg-indigo-600 text-white">
            ⛨
          </span>
          {appName}
        </p>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">{children}</div>
      </div>
    </main>
  );
}
