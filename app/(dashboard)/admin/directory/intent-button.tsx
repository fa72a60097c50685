'use client';
import { useFormStatus } from 'react-dom';
import { buttonClasses, type ButtonVariant } from '@/components/ui/button';

/**
 * A submit button of a form with several (save, test connection, test a user): only the one
 * pressed shows its progress, and all of them wait while one runs.
 */
export function IntentButton({
  intent,
  children,
  pendingLabel,
  variant = 'primary',
}: {
  intent: string;
  children: React.ReactNode;
  pendingLabel: string;
  variant?: ButtonVariant;
}) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get('intent') === intent;
  return (
    <button type="submit" name="intent" value={intent} disabled={pending} aria-disabled={pending} className={buttonClasses(variant)}>
      {mine && <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {mine ? pendingLabel : children}
    </button>
  );
}
