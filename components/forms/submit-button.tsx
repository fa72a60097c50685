'use client';
import { useFormStatus } from 'react-dom';
import { buttonClasses, type ButtonVariant } from '../ui/button';

/** Submit button that shows progress and blocks double submission while the action runs. */
export function SubmitButton({ children, pendingLabel, variant = 'primary', className, name, value }: { children: React.ReactNode; pendingLabel?: string; variant?: ButtonVariant; className?: string; name?: string; value?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={buttonClasses(variant, className)}>
      {pending && (
        <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />
      )}
      {pending ? (pendingLabel ?? 'Working…') : children}
    </button>
  );
}
