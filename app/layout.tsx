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
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
