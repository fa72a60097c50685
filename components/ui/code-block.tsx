import type { ReactNode } from 'react';
import { cx } from './cx';

/**
 * Preformatted text in a box that scrolls when it is long or wide (a generated file, an export, a
 * mail's text). It takes keyboard focus and is named, so a keyboard can scroll it and a screen
 * reader says what it is (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function CodeBlock({
  label,
  children,
  className,
  id,
  testId,
}: {
  label: string;
  children: ReactNode;
  className?: string;
  id?: string;
  testId?: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard.
    <pre id={id} data-testid={testId} role="region" aria-label={label} tabIndex={0} className={cx('overflow-auto rounded-md', className)}>
      {children}
    </pre>
  );
}
