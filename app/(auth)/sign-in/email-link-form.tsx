'use client';
import { useActionState, useState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { requestEmailLinkAction } from './email-actions';

/** "Email me a link": folded away until asked for, so the password form stays the first thing. */
export function EmailLinkForm({ rd }: { rd?: string }) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(requestEmailLinkAction, IDLE);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={buttonClasses('ghost', 'mt-3 w-full justify-center text-sm')}>
        Email me a sign-in link instead
      </button>
    );
  }
  return (
    <form action={action} className="mt-4 space-y-3" noValidate>
      {state.status === 'success' ? <FormAlert state={state} /> : state.status === 'error' && <FormAlert state={state} />}
      {rd && <input type="hidden" name="rd" value={rd} />}
      <Field
        name="email"
        type="email"
        label="Email address"
        autoComplete="email"
        required
        autoFocus
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
        description="We send a link that signs you in (or asks for an account) once, within 10 minutes."
      />
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        Send the link
      </SubmitButton>
    </form>
  );
}
