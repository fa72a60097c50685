'use client';
import { useFormStatus } from 'react-dom';
import { buttonClasses, type ButtonVariant } from '../ui/button';

/** Submit button that shows progress and blocks double submission while the action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  variant = 'primary',
  className,
  name,
  value,
  disabled = false,
}: {
  children: React.ReactNode;
  pendingLabel?: string;
  variant?: ButtonVariant;
  className?: string;
  name?: string;
  value?: string;
  disabled?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={buttonClasses(variant, className)}
    >
      {pending && <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {pending ? (pendingLabel ?? 'Working…') : children}
    </button>
  );
}
