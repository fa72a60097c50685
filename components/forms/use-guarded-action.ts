'use client';
/**
 * useActionState for forms whose action may answer "confirm it is you" (sudo mode, or the second
 * factor of a one-factor session: FormState.reauth). The action stays pending while the re-prove
 * dialog is open — so the form keeps exactly what was typed — and on success the SAME form data
 * is sent again. Cancelling leaves the refusal's message on the form.
 */
import { useActionState, useMemo } from 'react';
import type { FormState } from '@/lib/actions/form-state';
import { requestReproof } from '../assurance/reproof-store';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** At most this many rounds (each proof is fresh for minutes: a second refusal means something else changed). */
const MAX_ROUNDS = 2;

export function guarded(action: FormAction): FormAction {
  return async (previous, formData) => {
    let result = await action(previous, formData);
    for (let round = 0; result.reauth && round < MAX_ROUNDS; round++) {
      if (!(await requestReproof(result.reauth, result.message ?? 'Confirm it is you to continue.'))) return result;
      result = await action(previous, formData);
    }
    return result;
  };
}

export function useGuardedActionState(action: FormAction, initial: FormState) {
  const wrapped = useMemo(() => guarded(action), [action]);
  return useActionState(wrapped, initial);
}
