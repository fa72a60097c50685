import Link from 'next/link';
import { AppIcon } from '@/components/app-icon';
import type { TUserApplication } from '@/lib/launcher/list-user-applications';

export type LauncherTile = Pick<TUserApplication, 'id' | 'name' | 'description' | 'icon' | 'iconSrc' | 'url' | 'needs' | 'access'>;

/** What opening the application takes, said plainly; the missing-factor case links to where one is added. */
function NeedLine({ tile }: { tile: LauncherTile }) {
  const base = 'text-xs';
  if (tile.needs === 'nothing') return <p className={`${base} text-zinc-600 dark:text-zinc-400`}>Open to everyone</p>;
  if (tile.needs === 'sign-in') return <p className={`${base} text-zinc-600 dark:text-zinc-400`}>Your sign-in is enough</p>;
  if (tile.access === 'open') return <p className={`${base} text-emerald-700 dark:text-emerald-400`}>Needs a second factor: done in this session</p>;
  if (tile.access === 'confirm-factor')
    return <p className={`${base} text-amber-800 dark:text-amber-300`}>Needs a second factor: you will be asked for yours when you open it</p>;
  return (
    <p className={`${base} font-medium text-amber-800 dark:text-amber-300`} data-testid="add-factor">
      {tile.name} needs a second factor:{' '}
      <Link
        href="/security#second-factors"
        className="rounded underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        add one<span className="sr-only"> (a second factor, for {tile.name})</span>
      </Link>
    </p>
  );
}

/** The launcher: one tile per application the user may open, each a plain link to the application (same tab). */
export function LauncherGrid({ tiles }: { tiles: LauncherTile[] }) {
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Your applications">
      {tiles.map((tile) => (
        <li
          key={tile.id}
          className="flex min-w-0 flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="app-tile"
        >
          <a
            href={tile.url}
            className="group -m-1 flex min-w-0 items-start gap-3 rounded-md p-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            <AppIcon icon={tile.icon} uploadedSrc={tile.iconSrc} />
            <span className="min-w-0">
              <span className="block font-semibold break-words group-hover:underline" data-testid="app-name">
                {tile.name}
              </span>
              {tile.description && <span className="block text-sm break-words text-zinc-600 dark:text-zinc-400">{tile.description}</span>}
            </span>
          </a>
          <NeedLine tile={tile} />
        </li>
      ))}
    </ul>
  );
}
