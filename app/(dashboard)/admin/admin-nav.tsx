'use client';
import type { ReactNode } from 'react';
import { ScrollFades, useScrollEdges } from '@/components/ui/table-scroller';

/**
 * The admin sub-navigation: one row of tabs that scrolls sideways on a phone, with a fading edge
 * on each side that has more tabs, so it does not look cut off.
 */
export function AdminNav({ children }: { children: ReactNode }) {
  const { ref, edges } = useScrollEdges<HTMLDivElement>();
  return (
    <nav aria-label="Admin" className="relative border-b border-zinc-200 dark:border-zinc-800">
      <div
        ref={ref}
        className="relative flex gap-1 overflow-x-auto pb-2 [scrollbar-width:thin] [&>a]:shrink-0 [&>a]:whitespace-nowrap"
        data-testid="admin-nav-scroller"
      >
        {children}
      </div>
      <ScrollFades edges={edges} from="from-zinc-50 dark:from-zinc-950" testIdPrefix="admin-nav-fade" />
    </nav>
  );
}
