import Link from 'next/link';

/** "← Users": the way back from a detail page to its list, above the page heading. */
export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} className="text-sm text-indigo-700 hover:underline dark:text-indigo-400">
      ← {children}
    </Link>
  );
}
