import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">There is nothing at this address, or you are not allowed to see it.</p>
      <Link href="/" className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
        Go to the start page
      </Link>
    </main>
  );
}
