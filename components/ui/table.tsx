import type { ReactNode } from 'react';
import { TableScroller } from './table-scroller';

/** An empty list, said plainly. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{children}</p>
  );
}

/**
 * A table with a header row that scrolls sideways inside its own box (with a fading edge and, on
 * a phone, a "scroll sideways" line) rather than widening the page. A column given as
 * `{ hidden: 'Actions' }` has a heading only screen readers hear.
 */
export function Table({ columns, children }: { columns: (string | { hidden: string })[]; children: ReactNode }) {
  return (
    <TableScroller>
      <table className="min-w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
          <tr>
            {columns.map((column) => (
              <th key={typeof column === 'string' ? column : column.hidden} scope="col" className="px-4 py-3">
                {typeof column === 'string' ? column : <span className="sr-only">{column.hidden}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </TableScroller>
  );
}
