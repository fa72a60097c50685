import type { FormState } from '@/lib/actions/form-state';
import { Alert } from '../ui/alert';

/** The form-level message of an action result (field messages sit next to their fields). */
export function FormAlert({ state }: { state: FormState }) {
  if (!state.message || state.status === 'idle') return null;
  return (
    <Alert live testId="form-message" tone={state.status === 'error' ? 'error' : 'success'}>
      {state.message}
    </Alert>
  );
}
