import type { ButtonHTMLAttributes } from 'react';
import { cx } from './cx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

/**
 * Hover colours apply only to a button that can be used: a disabled one does not light up. White
 * on indigo-600 keeps 4.5:1 in both modes (indigo-500 does not), so the primary button stays 600.
 */
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-indigo-600 text-white not-disabled:not-aria-disabled:hover:bg-indigo-500 dark:not-disabled:not-aria-disabled:hover:bg-indigo-500',
  secondary:
    'bg-white text-zinc-900 ring-1 ring-inset ring-zinc-300 not-disabled:not-aria-disabled:hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:not-disabled:not-aria-disabled:hover:bg-zinc-800',
  danger: 'bg-red-600 text-white not-disabled:not-aria-disabled:hover:bg-red-500',
  ghost: 'text-zinc-700 not-disabled:not-aria-disabled:hover:bg-zinc-100 dark:text-zinc-300 dark:not-disabled:not-aria-disabled:hover:bg-zinc-800',
};

/**
 * What every disabled button looks like, whatever its variant: faded, flat, a not-allowed
 * cursor. `aria-disabled="true"` (a link styled as a button, a button kept focusable) looks the same.
 */
export const DISABLED_CLASSES =
  'disabled:cursor-not-allowed disabled:opacity-45 disabled:shadow-none aria-disabled:cursor-not-allowed aria-disabled:opacity-45 aria-disabled:shadow-none';

export function buttonClasses(variant: ButtonVariant = 'primary', extra?: string): string {
  return cx(
    'inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-semibold shadow-sm transition-colors',
    DISABLED_CLASSES,
    VARIANTS[variant],
    extra,
  );
}

export function Button({ variant = 'primary', className, type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
