'use client';
/**
 * Sideways scrolling that shows itself: a wide table (or a row of tabs) scrolls inside its own box
 * rather than the page, and a fading edge marks each side that has more to see.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cx } from './cx';

export type ScrollEdges = { start: boolean; end: boolean };

/** Which sides of the element behind `ref` have content scrolled out of view, kept up to date. */
export function useScrollEdges<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [edges, setEdges] = useState<ScrollEdges>({ start: false, end: false });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const hidden = element.scrollWidth - element.clientWidth;
      const next = { start: element.scrollLeft > 1, end: element.scrollLeft < hidden - 1 };
      setEdges((previous) => (previous.start === next.start && previous.end === next.end ? previous : next));
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, []);
  return { ref, edges };
}

/** The fading edges for `edges`, inside a `relative` box; `from` is the background they fade from. */
export function ScrollFades({ edges, from, testIdPrefix }: { edges: ScrollEdges; from: string; testIdPrefix: string }) {
  const fade = 'pointer-events-none absolute inset-y-0 w-10 to-transparent';
  return (
    <>
      {edges.start && <span aria-hidden="true" data-testid={`${testIdPrefix}-start`} className={cx(fade, 'left-0 bg-linear-to-r', from)} />}
      {edges.end && <span aria-hidden="true" data-testid={`${testIdPrefix}-end`} className={cx(fade, 'right-0 bg-linear-to-l', from)} />}
    </>
  );
}

/** A table's box: scrolls sideways inside the card when the table is wider than the screen. */
export function TableScroller({ children }: { children: ReactNode }) {
  const { ref, edges } = useScrollEdges<HTMLDivElement>();
  return (
    <div className="max-w-full rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="relative">
        {/* Positioned, so what is positioned inside (every sr-only label is) scrolls with it instead of
            widening the page; focusable when it scrolls, so a keyboard can scroll it too. */}
        <div ref={ref} className="relative overflow-x-auto rounded-lg" data-testid="table-scroller" tabIndex={edges.start || edges.end ? 0 : undefined}>
          {children}
        </div>
        <ScrollFades edges={edges} from="from-white dark:from-zinc-900" testIdPrefix="table-scroll-fade" />
      </div>
      {edges.end && (
        <p
          aria-hidden="true"
          className="border-t border-zinc-200 px-4 py-1.5 text-xs text-zinc-500 sm:hidden dark:border-zinc-800"
          data-testid="table-scroll-cue"
        >
          Scroll sideways for more →
        </p>
      )}
    </div>
  );
}
