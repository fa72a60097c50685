import { cx } from './cx';

/**
 * The Gatehouse shield, the same drawing as app/icon.svg, as inline SVG: the "⛨" glyph it replaces
 * rendered as an empty box where no installed font has it (Debian's default fonts among them).
 */
export function Logo({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" data-testid="logo" viewBox="0 0 32 32" className={cx('shrink-0', className)}>
      <rect width="32" height="32" rx="6" className="fill-indigo-600" />
      <path d="M16 6l8 3v6c0 5-3.4 9.3-8 11-4.6-1.7-8-6-8-11V9z" fill="#fff" />
    </svg>
  );
}
