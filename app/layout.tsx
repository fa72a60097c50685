import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getEnv } from '@/lib/config';
import './globals.css';

// Every page depends on the session cookie and on run-time configuration: never prerender.
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { appName } = getEnv();
  return {
    title: { default: appName, template: `%s · ${appName}` },
    description: `${appName} single sign-on`,
    robots: { index: false, follow: false },
  };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        {/* The first stop of the Tab key on every page: past the header and navigation to the page's own content. */}
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow dark:focus:bg-zinc-900 dark:focus:text-indigo-300"
        >
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
