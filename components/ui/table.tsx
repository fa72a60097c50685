import type { ReactNode } from 'react';
import { cx } from './cx';
import { TableScroller } from './table-scroller';

/** An empty list, said plainly. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{children}</p>
  );
}

/**
 * A column: its heading; `{ hidden: 'Actions' }` for a heading only screen readers hear;
 * `{ label, priority: 'low' }` (or `{ hidden, priority: 'low' }`) for a column a phone leaves out
 * until asked (see Table).
 */
export type TableColumn = string | { hidden: string; priority?: 'low' } | { label: string; priority: 'low' };

const headingOf = (column: TableColumn) => (typeof column === 'string' ? column : 'hidden' in column ? column.hidden : column.label);

/**
 * The classes that hide the low-priority columns under the `sm` breakpoint (app/globals.css,
 * "Priority columns"): one per column position, written out so the stylesheet stays static.
 */
const HIDE_COLUMN = ['hide-col-1', 'hide-col-2', 'hide-col-3', 'hide-col-4', 'hide-col-5', 'hide-col-6', 'hide-col-7', 'hide-col-8'] as const;

/**
 * A table with a header row. On a phone its low-priority columns step aside (heading and cells
 * alike, by position) so the rest fits the card, and a "Show all N columns" switch brings them
 * back — a checkbox, so it works by keyboard and without JavaScript; with every column shown, a
 * table wider than the screen scrolls inside its own box (with a fading edge and a "scroll
 * sideways" line) rather than widening the page. On a phone a long word (an address, a name) breaks
 * rather than widening its column. Rows must keep one cell per column.
 */
export function Table({ columns, children }: { columns: TableColumn[]; children: ReactNode }) {
  if (columns.length > HIDE_COLUMN.length) throw new Error(`A table has at most ${HIDE_COLUMN.length} columns.`);
  const low = columns.flatMap((column, index) => (typeof column === 'object' && column.priority === 'low' ? [HIDE_COLUMN[index]] : []));
  return (
    <div className={cx('priority-table space-y-2', ...low)} data-testid="priority-table">
      {low.length > 0 && (
        <label className="flex w-fit items-center gap-2 text-sm text-zinc-700 sm:hidden dark:text-zinc-300">
          <input type="checkbox" data-show-all-columns className="size-4 accent-indigo-600" />
          Show all {columns.length} columns
        </label>
      )}
      <TableScroller>
        <table className="min-w-full text-left text-sm max-sm:wrap-anywhere">
          <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              {columns.map((column) => (
                <th key={headingOf(column)} scope="col" className="px-4 py-3">
                  {typeof column === 'object' && 'hidden' in column ? <span className="sr-only">{column.hidden}</span> : headingOf(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
        </table>
      </TableScroller>
    </div>
  );
}
