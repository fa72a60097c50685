import Link from 'next/link';

/** The page shown for a link that cannot be used: says why, and where to go instead. */
export function LinkProblem({ title, message }: { title: string; message: string }) {
  return (
    <div>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{message}</p>
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          Go to sign-in
        </Link>
      </p>
    </div>
  );
}
