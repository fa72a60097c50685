'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { sendTestMailAction } from './actions';

export function TestMailForm({ defaultTo }: { defaultTo: string }) {
  const [state, action] = useGuardedActionState(sendTestMailAction, IDLE);
  return (
    <form action={action} className="max-w-lg space-y-3" noValidate>
      <FormAlert state={state} />
      <Field name="to" label="Send a test email to" type="email" required defaultValue={state.values?.to ?? defaultTo} error={state.fieldErrors?.to} />
      <SubmitButton pendingLabel="Sending…">Send test email</SubmitButton>
    </form>
  );
}
